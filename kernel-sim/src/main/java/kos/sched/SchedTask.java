package kos.sched;

/**
 * What a {@link SchedulingPolicy} sees of a task: only what a real kernel knows. Identity, nice and
 * weight, class, declared realtime parameters, and observations of the past (CPU time used, past
 * burst lengths, waits, time since it last ran). A task's true remaining work is deliberately not
 * here: oracle policies get it from {@link SchedContext#oracle()} after declaring
 * {@link SchedulingPolicy#needsOracle()}.
 *
 * <p>The last group of methods are per-task fields the policy owns (like Linux's
 * {@code sched_entity} inside {@code task_struct}): the engine never reads them for decisions and
 * they travel with the task when it migrates between per-CPU run queues. A policy sets them on
 * {@link SchedulingPolicy#enqueue}; after a policy switch they hold the previous policy's values.
 *
 * <p>All times are virtual nanoseconds.
 */
public interface SchedTask {
    /** Dense index 0.. in spawn order, never reused in a run: use it to key per-task arrays. */
    int index();

    /** The task's process id in {@code sim.processes()}. */
    long pid();

    String name();

    /** -20..19. */
    int nice();

    /** The Linux load weight of its nice value (nice 0 = 1024). */
    int weight();

    TaskClass taskClass();

    /** The declared periodic parameters (like {@code sched_setattr(SCHED_DEADLINE)}), or null. */
    TaskSpec.Periodic realtime();

    /** Absolute deadline of the oldest unfinished realtime job, or {@code Long.MAX_VALUE}. */
    long jobDeadlineNs();

    /** The CPU it is pinned to, or -1. */
    int pinnedCpu();

    /** When it arrived (was spawned). */
    long arrivalNs();

    /** CPU time received so far. */
    long cpuTimeNs();

    /** Length of its last completed CPU burst (0 before the first). */
    long lastBurstNs();

    /** Exponentially weighted average (weight 1/2) of completed burst lengths (0 before the first). */
    long avgBurstNs();

    /** CPU time used so far in the current burst. */
    long currentBurstNs();

    /** Completed CPU bursts. */
    long bursts();

    /** When it last became runnable (arrival, wakeup, or end of its last stint on a CPU). */
    long runnableSinceNs();

    /** Total time spent runnable but not running. */
    long totalWaitNs();

    /** When it last left a CPU, or -1 if it never ran. */
    long lastRunEndNs();

    /** The CPU it last ran on, or -1. */
    int lastCpu();

    /** How many times it woke from I/O or was released as a realtime job. */
    long wakeups();

    /** Whether it has ended (completed or killed), as a kernel's exit hook would tell the scheduling class. */
    boolean finished();

    // ---- policy-owned per-task state ----

    long vruntime();

    void vruntime(long v);

    long vdeadline();

    void vdeadline(long d);

    long budget();

    void budget(long b);

    long aux();

    void aux(long a);

    int level();

    void level(int l);
}
