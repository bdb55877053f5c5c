package kos.sim;

/** Why {@link Simulation} returned from a run. */
public enum StopReason {
    /** The requested duration or end time was reached. */
    TIME_REACHED,
    /** The caller's condition became true. */
    CONDITION_MET,
    /** {@link Simulation#requestStop()} was called, for example by Ctrl-C in the REPL. */
    STOP_REQUESTED,
    /** The simulated kernel crashed (see {@link Simulation#crash}); it stays crashed until reset. */
    CRASHED
}
