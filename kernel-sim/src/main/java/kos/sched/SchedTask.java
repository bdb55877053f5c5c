package kos.sched;

/**
 * What a {@link SchedulingPolicy} sees of a task: only what a real kernel knows. Identity, nice and
 * weight, class, declared realtime parameters, and observations of the past (CPU time used, past
 * burst lengths, waits, time since it last ran). A task's true remaining work is deliberately not
 * here: oracle policies get it from {@link SchedContext#oracle()} after declaring
 * {@link SchedulingPolicy#needsOracle()}.
 *
 * <p>The last groups of methods are per-task fields the policies own (like Linux's
 * {@code sched_entity} inside {@code task_struct}), one named group per policy, so no field means
 * two things: the engine never reads them for decisions and they travel with the task when it
 * migrates between per-CPU run queues. A policy sets its fields when a task is enqueued as
 * {@link EnqueueReason#NEW} or {@link EnqueueReason#POLICY_CHANGE} (EDF when it admits a task);
 * a task that was blocked during a policy switch keeps what the new policy last gave it (0 if it
 * never ran under it) until then.
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

    // ---- CFS and EEVDF ----

    /** Virtual runtime: CPU time scaled by {@code 1024 / weight}. */
    long vruntime();

    void vruntime(long v);

    // ---- EEVDF ----

    /** Virtual deadline: the virtual time by which the task's current request should be served. */
    long vdeadline();

    void vdeadline(long d);

    /** Lag kept while the task is off the queue ({@code V - v}, clamped), restored on its return. */
    long lag();

    void lag(long lag);

    // ---- EDF (constant-bandwidth servers of realtime tasks) ----

    /** The server's absolute deadline (virtual nanoseconds). */
    long serverDeadlineNs();

    void serverDeadlineNs(long d);

    /** The server's remaining budget in the current period. */
    long serverBudgetNs();

    void serverBudgetNs(long b);

    // ---- MLFQ ----

    /** The queue level, 0 = top. */
    int level();

    void level(int l);

    /** CPU time used at the current level (against its allotment). */
    long levelUsedNs();

    void levelUsedNs(long ns);

    /** The priority-boost epoch the task last saw. */
    long boostEpoch();

    void boostEpoch(long epoch);
}
