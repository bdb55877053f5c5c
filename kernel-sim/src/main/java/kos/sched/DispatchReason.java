package kos.sched;

/** Why a CPU picked a task: recorded with every dispatch in the trace and shown by {@code schedctl trace}. */
public enum DispatchReason {
    /** The CPU was idle and work arrived (or was pulled from another CPU). */
    IDLE,
    /** The previous task's slice ran out. */
    SLICE,
    /** The previous task blocked (I/O, or a realtime task waiting for its next job). */
    BLOCK,
    /** The previous task finished or was killed. */
    EXIT,
    /** A waking task preempted the previous one. */
    PREEMPT,
    /** The policy was switched. */
    POLICY;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
