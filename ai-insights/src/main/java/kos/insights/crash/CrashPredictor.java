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

    /** Forgets all history (a new run). */
    void reset();
}
