package kos.insights.crash;

/** Risk levels by confidence: NORMAL below 0.6, ELEVATED from 0.6, WARNING from 0.8, CRITICAL from 0.9. */
public enum RiskLevel {
    NORMAL,
    ELEVATED,
    WARNING,
    CRITICAL;

    public static RiskLevel of(double confidence) {
        if (confidence >= 0.9) {
            return CRITICAL;
        }
        if (confidence >= 0.8) {
            return WARNING;
        }
        if (confidence >= 0.6) {
            return ELEVATED;
        }
        return NORMAL;
    }
}
