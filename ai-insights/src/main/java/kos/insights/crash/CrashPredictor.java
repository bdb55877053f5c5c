package kos.insights.crash;

/**
 * A crash predictor: kos's own and each baseline implement this, so the evaluation treats them
 * identically. {@link #update} is called once per memory sample, in time order, and must not look
 * ahead or at anything but the samples it was given.
 */
public interface CrashPredictor {
    /** Short name used on the command line, such as {@code kos} or {@code earlyoom}. */
    String name();

    /** Consumes the next sample and returns the prediction made from everything seen so far. */
    Prediction update(MemorySample sample);

    /**
     * Whether {@link Prediction#timeToExhaustionNs()} is an estimate (kos) rather than always -1 (the
     * rule-based baselines). The autonomy loop kills on a lack-of-memory alarm only when an estimating
     * predictor projects exhaustion soon; a baseline's alarm is its whole rule.
     */
    default boolean projectsExhaustion() {
        return false;
    }

    /** Forgets all history (a new run). */
    void reset();
}
