package kos.sched;

/**
 * A cheap snapshot of the scheduler's counters (one pass over the live tasks, no sorting), for samplers that
 * poll every few milliseconds of virtual time and for the dashboard. Times are virtual ns.
 *
 * @param switches    context switches: voluntary (the task blocked or ended) plus involuntary (slice over or
 *                    preempted, and another task got the CPU), the same count as {@link SchedMetrics.ClassMetrics#switches()}
 * @param taskChanges dispatches that put a different task on a CPU than the one that last ran there (what the
 *                    switch cost is charged for; it also counts the first dispatch after an idle period)
 * @param utilisation busy time over CPU time available from the scheduler's creation to now, or to the last
 *                    task's end once every task has finished and nothing is left to spawn (0..1)
 * @param overheadNs  total direct switch and cache-refill time charged
 */
public record SchedStats(long timeNs, String policy, int cpus, int liveTasks, int runnable, int running, int blocked,
                         long spawned, long completed, long killed, long rejected, long dispatches, long switches, long taskChanges,
                         long voluntarySwitches, long involuntarySwitches, long migrations, long overheadNs, long busyNs,
                         double utilisation, long rtJobs, long deadlineMisses) {
}
