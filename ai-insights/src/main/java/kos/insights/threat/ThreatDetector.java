package kos.insights.threat;

/**
 * Scores one task's {@link kos.threat.TaskFeatures} row; the task is flagged hostile when the score
 * reaches {@link #threshold()}. Implementations are stateless between rows.
 */
public interface ThreatDetector {
    String name();

    /** Higher means more likely hostile; in [0, 1] for the learned models. */
    double score(double[] x);

    default double threshold() {
        return 0.5;
    }

    /** Scores many rows at once (one native call for XGBoost). */
    default double[] scoreAll(java.util.List<double[]> xs) {
        double[] s = new double[xs.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = score(xs.get(i));
        }
        return s;
    }

    /** Scores one observation's rows; by default their feature vectors through {@link #scoreAll}. */
    default double[] scoreRows(java.util.List<kos.threat.TaskFeatures.Row> rows) {
        java.util.List<double[]> xs = new java.util.ArrayList<>(rows.size());
        for (kos.threat.TaskFeatures.Row r : rows) {
            xs.add(r.x());
        }
        return scoreAll(xs);
    }

    default boolean flags(double[] x) {
        return score(x) >= threshold();
    }
}
