package kos.insights.threat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import kos.ml.data.Dataset;
import kos.sim.KosException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees (XGBoost4J, the JVM binding of XGBoost, native library from its jar) on the
 * same features: binary logistic objective, depth 4, 100 rounds, eta 0.3, one thread and a fixed
 * seed so the same data gives the same trees. Also the failure predictor's baseline ({@link #fit}).
 */
public final class XgbDetector implements ThreatDetector {
    public static final int ROUNDS = 100;
    private final Booster booster;
    private final int features;
    private final UnaryOperator<double[]> input;

    private XgbDetector(Booster booster, int features, UnaryOperator<double[]> input) {
        this.booster = booster;
        this.features = features;
        this.input = input;
    }

    /** Fits on task rows of {@link ThreatModel#FEATURES}; scores full {@link kos.threat.TaskFeatures} rows. */
    public static XgbDetector fitTasks(Dataset d) {
        return fit(d, ThreatModel::project);
    }

    /** Fits on every row of {@code d} (label column 0, 1 = positive); scores rows of the same columns. */
    public static XgbDetector fit(Dataset d) {
        return fit(d, x -> x);
    }

    private static XgbDetector fit(Dataset d, UnaryOperator<double[]> input) {
        int n = d.size(), k = d.featureCount();
        float[] x = new float[n * k];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                x[i * k + j] = (float) d.x(i, j);
            }
            y[i] = (float) d.y(i, 0);
        }
        try {
            DMatrix m = new DMatrix(x, n, k, Float.NaN);
            m.setLabel(y);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("objective", "binary:logistic");
            p.put("max_depth", 4);
            p.put("eta", 0.3);
            p.put("nthread", 1);
            p.put("seed", 1);
            p.put("tree_method", "exact");
            p.put("verbosity", 0);
            Booster b = XGBoost.train(m, p, ROUNDS, Map.of(), null, null);
            m.dispose();
            return new XgbDetector(b, k, input);
        } catch (XGBoostError | UnsatisfiedLinkError e) {
            throw new KosException("XGBoost4J failed: " + e.getMessage());
        }
    }

    @Override
    public String name() {
        return "xgboost";
    }

    @Override
    public double score(double[] x) {
        return scoreAll(List.of(x))[0];
    }

    @Override
    public double[] scoreAll(List<double[]> xs) {
        int n = xs.size();
        if (n == 0) {
            return new double[0];
        }
        float[] f = new float[n * features];
        for (int i = 0; i < n; i++) {
            double[] x = input.apply(xs.get(i));
            for (int j = 0; j < features; j++) {
                f[i * features + j] = (float) x[j];
            }
        }
        try {
            DMatrix m = new DMatrix(f, n, features, Float.NaN);
            float[][] p = booster.predict(m);
            m.dispose();
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = p[i][0];
            }
            return s;
        } catch (XGBoostError e) {
            throw new KosException("XGBoost4J failed: " + e.getMessage());
        }
    }
}
