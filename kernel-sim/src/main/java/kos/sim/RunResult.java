package kos.sim;

/**
 * The outcome of one call to a {@code Simulation.run*} method.
 *
 * @param reason  why the run returned
 * @param startNs virtual time when the run began
 * @param endNs   virtual time when it returned
 * @param events  events processed during this run
 */
public record RunResult(StopReason reason, long startNs, long endNs, long events) {}
