package kos.sched;

/**
 * Told of scheduling events as they happen, on the simulation thread, at the current virtual time
 * (for the attention scheduler's training data and the dashboard). Implementations must not change
 * the scheduler's state from these callbacks, and should not allocate if they care about speed.
 */
public interface SchedObserver {
    /** {@code task} starts (or continues, after a slice) on {@code cpu}. */
    default void onDispatch(int cpu, SchedTask task, DispatchReason reason) {}

    /** {@code task} was preempted on {@code cpu} by a waking task after running {@code ranNs}. */
    default void onPreempt(int cpu, SchedTask task, long ranNs) {}

    /** {@code task} finished a CPU burst and blocked. */
    default void onBlock(SchedTask task, long burstNs) {}

    /** {@code task} became runnable (arrival, I/O completion or realtime job release). */
    default void onWakeup(SchedTask task) {}

    /** {@code task} finished, or was killed. */
    default void onComplete(SchedTask task, boolean killed) {}

    /** The load balancer moved {@code task} between per-CPU queues. */
    default void onMigrate(SchedTask task, int fromCpu, int toCpu) {}
}
