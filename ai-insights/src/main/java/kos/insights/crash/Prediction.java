package kos.insights.crash;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One prediction, made at one sample.
 *
 * @param timeNs             virtual time of the sample it was made from
 * @param confidence         probability in [0, 1] that the kernel crashes within the predictor's horizon
 * @param cause              the predicted cause ({@link CrashCause#NONE} when confidence is low)
 * @param timeToExhaustionNs estimated time until unrecoverable memory runs out, or -1 when it is not running out
 * @param factorNames        the names of the inputs behind the confidence, for {@code crashctl status}
 * @param factorValues       their values (same order; the array is owned by this prediction)
 */
public record Prediction(
        long timeNs,
        double confidence,
        CrashCause cause,
        long timeToExhaustionNs,
        List<String> factorNames,
        double[] factorValues) {
    public Prediction {
        if (factorNames.size() != factorValues.length) {
            throw new IllegalArgumentException(
                    factorNames.size() + " factor names for " + factorValues.length + " values");
        }
    }

    public RiskLevel level() {
        return RiskLevel.of(confidence);
    }

    /** The factors by name, in order (built on demand: the hot path never needs it). */
    public Map<String, Double> factors() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < factorValues.length; i++) {
            m.put(factorNames.get(i), factorValues[i]);
        }
        return m;
    }

    /** The value of one factor, or NaN when this prediction has no factor of that name. */
    public double factor(String name) {
        int i = factorNames.indexOf(name);
        return i < 0 ? Double.NaN : factorValues[i];
    }
}
