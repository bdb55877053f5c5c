package kos.insights.crash;

/**
 * A {@link CrashPredictor} whose latest prediction is read from its state: {@link #observe} takes
 * a sample, the accessors read what it predicted, and {@link #prediction()} builds the
 * {@link Prediction} record (with a copy of its factors) only when someone asks for it. kos's
 * predictor is one, with nothing allocated per sample ({@code CrashPredictorBench.update}); the
 * crash monitor reads every predictor through {@link #of}, which adapts the rule baselines.
 */
public interface LivePredictor extends CrashPredictor {
    /** Consumes the next sample (in time order), like {@link #update} without building the record. */
    void observe(MemorySample sample);

    /** The latest confidence, in [0, 1]; 0 before the first sample. */
    double confidence();

    /** The latest predicted cause; {@link CrashCause#NONE} before the first sample. */
    CrashCause cause();

    /** The latest {@link Prediction#timeToExhaustionNs()}; -1 before the first sample. */
    long timeToExhaustionNs();

    /** The latest prediction as a record, built on each call; null before the first sample. */
    Prediction prediction();

    @Override
    default Prediction update(MemorySample sample) {
        observe(sample);
        return prediction();
    }

    /** {@code p} itself when it is live, else a view that keeps the record {@code p.update} returns. */
    static LivePredictor of(CrashPredictor p) {
        return p instanceof LivePredictor l ? l : new Recording(p);
    }

    /** A predictor that builds its record on every sample, read as a live one. */
    final class Recording implements LivePredictor {
        private final CrashPredictor p;
        private Prediction last;

        private Recording(CrashPredictor p) {
            this.p = p;
        }

        @Override
        public String name() {
            return p.name();
        }

        @Override
        public void observe(MemorySample sample) {
            last = p.update(sample);
        }

        @Override
        public double confidence() {
            return last == null ? 0 : last.confidence();
        }

        @Override
        public CrashCause cause() {
            return last == null ? CrashCause.NONE : last.cause();
        }

        @Override
        public long timeToExhaustionNs() {
            return last == null ? -1 : last.timeToExhaustionNs();
        }

        @Override
        public Prediction prediction() {
            return last;
        }

        @Override
        public boolean projectsExhaustion() {
            return p.projectsExhaustion();
        }

        @Override
        public void reset() {
            p.reset();
            last = null;
        }
    }
}
