package kos.sched;

/** Why a task is put on a run queue or taken off one without running. */
public enum EnqueueReason {
    /** It was just spawned. */
    NEW,
    /** It woke from I/O or a realtime job was released. */
    WAKEUP,
    /** Its slice ran out; it is still runnable. */
    SLICE_EXPIRED,
    /** A waking task preempted it. */
    PREEMPTED,
    /** The load balancer moved it between per-CPU queues (dequeue from the old, enqueue on the new). */
    MIGRATED,
    /** It was killed while queued (dequeue only). */
    EXIT,
    /** The policy was switched at run time; every runnable task is handed to the new policy. */
    POLICY_CHANGE
}
