package kos.insights.threat;

import java.util.List;
import kos.threat.TaskFeatures;

/**
 * Not a detector: the floor of the evaluation. It reads the ground truth (the generator's role) and
 * scores every hostile task 1 at every observation, so with the responder it kills the attack at the
 * first 100 ms observation after it starts, the soonest any detector observing every 100 ms could. What
 * the victims lose under it is what the observation interval and the attack's first milliseconds cost,
 * not what a detector missed.
 */
public final class OracleDetector implements ThreatDetector {
    @Override
    public String name() {
        return "oracle";
    }

    @Override
    public double score(double[] x) {
        throw new UnsupportedOperationException("the oracle reads the task's ground truth, not its features");
    }

    @Override
    public double[] scoreRows(List<TaskFeatures.Row> rows) {
        double[] s = new double[rows.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = rows.get(i).task().hostile() ? 1 : 0;
        }
        return s;
    }
}
