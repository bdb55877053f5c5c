package kos.sched;

/**
 * The scheduling-policy extension point: one run queue's discipline. Every policy kos ships (FIFO
 * to EEVDF, EDF, SRPT-oracle) implements it, and so does the attention scheduler; a
 * {@link PolicyFactory} registered in a {@link PolicyRegistry} makes one selectable by name.
 *
 * <p>The engine ({@link Scheduler}) creates one instance per run queue: a single one shared by all
 * CPUs for {@link Topology#GLOBAL}, one per CPU for {@link Topology#PER_CPU} (the engine places
 * waking tasks and balances load between them). All calls come from the simulation thread.
 *
 * <p><b>Protocol.</b> A runnable task is either queued here or running on a CPU. {@link #enqueue}
 * adds a runnable task; {@link #pickNext} removes and returns the task to run next, after which
 * the engine asks {@link #sliceNs} once; when the task leaves the CPU (slice over, blocked, done
 * or preempted) the engine calls {@link #stopped} and then, if it is still runnable,
 * {@link #enqueue} again. {@link #dequeue} removes a queued task that did not run (migration,
 * kill, policy switch). When a task wakes up and no CPU is idle, {@link #shouldPreempt} decides
 * whether it preempts a running one.
 *
 * <p><b>What a policy may know.</b> Only {@link SchedTask}'s observable fields and the clock. A
 * policy that needs the future (SJF, STCF, SRPT-oracle) says so with {@link #needsOracle()} and
 * reads it through {@link SchedContext#oracle()}; for every other policy that accessor throws.
 *
 * <p><b>Performance.</b> {@link #enqueue}, {@link #dequeue} and {@link #pickNext} are the hot path:
 * implementations should allocate nothing per call (key arrays by {@link SchedTask#index()}).
 */
public interface SchedulingPolicy {
    /** The registry name, such as {@code cfs}. */
    String name();

    /** One line with the effective parameters, for {@code schedctl policy}. */
    String describe();

    default Topology topology() {
        return Topology.GLOBAL;
    }

    /** Whether the policy reads true remaining work through {@link SchedContext#oracle()}. */
    default boolean needsOracle() {
        return false;
    }

    /** Adds a runnable task that is not running. */
    void enqueue(SchedTask t, EnqueueReason why);

    /** Removes a queued task without running it ({@link EnqueueReason#MIGRATED}, {@code EXIT} or {@code POLICY_CHANGE}). */
    void dequeue(SchedTask t, EnqueueReason why);

    /** Removes and returns the task to run next on {@code cpu}, or null if none is queued. */
    SchedTask pickNext(int cpu);

    /** Queued tasks (not counting a running one). */
    int size();

    /**
     * How long {@code t}, just picked, may run on {@code cpu} before the engine calls
     * {@link #stopped} and picks again; {@code Long.MAX_VALUE} means until it blocks or finishes.
     * Must be positive.
     */
    long sliceNs(SchedTask t, int cpu);

    /** {@code t} left the CPU after running {@code ranNs} (possibly 0) since it was picked. */
    void stopped(SchedTask t, long ranNs);

    /**
     * Whether {@code woken}, just enqueued here, should preempt {@code running}, which has run
     * {@code ranNs} since it was picked (its {@link #stopped} has not been called yet).
     */
    boolean shouldPreempt(SchedTask running, long ranNs, SchedTask woken);

    /**
     * Admission control for a realtime task placed on this queue, asked once before its first
     * enqueue; a policy that accepts returns true and reserves capacity. The default admits all.
     */
    default boolean admit(SchedTask t) {
        return true;
    }

    /**
     * Whether realtime tasks are partitioned: the engine offers each one to the per-CPU queues in
     * CPU order (first fit) through {@link #admit}, pins it to the first that accepts, and rejects
     * it if none does. False (the default) means realtime tasks are scheduled like any other.
     */
    default boolean partitionsRealtime() {
        return false;
    }

    /** An admitted task has exited: give back what {@link #admit} reserved. */
    default void release(SchedTask t) {}
}
