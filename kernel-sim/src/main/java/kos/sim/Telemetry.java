package kos.sim;

/**
 * Where AI components report wall-clock measurements: latency samples and counters. A component
 * looks its probes up once and records through them on its hot path.
 *
 * <p>Telemetry flows out of the simulation only. Nothing recorded here may be read back to make a
 * simulated decision, because wall-clock time differs between runs and machines.
 */
public interface Telemetry {
    /** The latency probe for a source such as {@code transformer_scheduler}. */
    Latency latency(String source);

    /** The counter with the given name, such as {@code decisions.made}. */
    Counter counter(String name);

    /** Records wall-clock latencies in nanoseconds. */
    @FunctionalInterface
    interface Latency {
        void record(long nanos);
    }

    /** A monotonically increasing count. */
    @FunctionalInterface
    interface Counter {
        void add(long delta);
    }

    /** Telemetry that drops everything (the default, and what tests use). */
    Telemetry NONE = new Telemetry() {
        private final Latency latency = nanos -> {};
        private final Counter counter = delta -> {};

        @Override
        public Latency latency(String source) {
            return latency;
        }

        @Override
        public Counter counter(String name) {
            return counter;
        }
    };
}
