package kos.sched;

/**
 * Perfect knowledge of the future, which no real kernel has: for SJF, STCF and SRPT-oracle, the
 * bounds learned policies are compared with. Only a policy whose
 * {@link SchedulingPolicy#needsOracle()} is true can obtain it.
 */
public interface Oracle {
    /** CPU time left in the task's current burst (for a replayed job, in the job). */
    long remainingBurstNs(SchedTask t);

    /** CPU time left before the task finishes altogether ({@code Long.MAX_VALUE} if unbounded). */
    long remainingWorkNs(SchedTask t);
}
