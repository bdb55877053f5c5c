package kos.insights.crash;

import java.util.Map;

/**
 * One prediction, made at one sample.
 *
 * @param timeNs   virtual time of the sample it was made from
 * @param confidence probability in [0, 1] that the kernel crashes within the predictor's horizon
 * @param cause    the predicted cause ({@link CrashCause#NONE} when confidence is low)
 * @param timeToExhaustionNs estimated time until unrecoverable memory runs out, or -1 when it is not
 *                 running out
 * @param factors  the named inputs behind the confidence, each in [0, 1], for {@code crashctl status}
 */
public record Prediction(long timeNs, double confidence, CrashCause cause, long timeToExhaustionNs, Map<String, Double> factors) {
    public RiskLevel level() {
        return RiskLevel.of(confidence);
    }
}
