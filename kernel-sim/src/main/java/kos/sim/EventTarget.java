package kos.sim;

/**
 * Receives events from the {@link EventQueue}. A subsystem implements this once and tells its
 * events apart by {@code kind} and {@code arg}, so scheduling an event allocates nothing.
 *
 * <p>There is no cancellation: a subsystem that no longer wants an event it scheduled keeps a
 * token (for example the sequence number {@link Simulation#schedule} returned, or a per-task
 * generation counter passed as {@code arg}) and ignores the event when it fires with a stale one.
 */
@FunctionalInterface
public interface EventTarget {
    /**
     * @param sim  the simulation; its clock already reads the event's time
     * @param kind the subsystem's own event type
     * @param arg  the subsystem's own argument (a task id, a generation, a handle)
     */
    void onEvent(Simulation sim, int kind, long arg);
}
