package kos.insights.device;

import java.util.List;
import kos.insights.ml.Mlp;
import kos.insights.threat.XgbDetector;
import kos.ml.data.Dataset;

/**
 * Scores one device's {@link kos.device.DeviceFeatures} row: the higher, the likelier it fails
 * within {@link DeviceData#HORIZON_MIN} minutes. A device is alarmed when its score reaches
 * {@link #threshold()} at {@link DeviceRunner#CONSECUTIVE} consecutive observations.
 */
public interface DevicePredictor {
    String name();

    double[] scoreAll(List<double[]> xs);

    default double threshold() {
        return 0.5;
    }

    /** Gradient-boosted trees (XGBoost4J, the same settings as the threat detector's) fitted on {@code rows}. */
    static DevicePredictor xgboost(Dataset rows) {
        XgbDetector x = XgbDetector.fit(rows);
        return new DevicePredictor() {
            @Override
            public String name() {
                return "xgboost";
            }

            @Override
            public double[] scoreAll(List<double[]> xs) {
                return x.scoreAll(xs);
            }
        };
    }

    /** kos's model: the pipeline's MLP. */
    static DevicePredictor mlp(Mlp mlp) {
        return new DevicePredictor() {
            private final double[] y = new double[1];

            @Override
            public String name() {
                return "mlp";
            }

            @Override
            public double[] scoreAll(List<double[]> xs) {
                double[] s = new double[xs.size()];
                for (int i = 0; i < s.length; i++) {
                    mlp.predict(xs.get(i), y);
                    s[i] = y[0];
                }
                return s;
            }
        };
    }
}
