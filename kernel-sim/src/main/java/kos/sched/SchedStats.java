package kos.sched;

/**
 * A cheap snapshot of the scheduler's counters (one pass over the live tasks, no sorting), for samplers that
 * poll every few milliseconds of virtual time and for the dashboard. Times are virtual ns.
 *
 * @param utilisation busy time over CPU time available since the scheduler was created (0..1)
 * @param overheadNs  total direct switch and cache-refill time charged
 */
public record SchedStats(long timeNs, String policy, int cpus, int liveTasks, int runnable, int running, int blocked,
                         long spawned, long completed, long killed, long rejected, long dispatches, long switches,
                         long voluntarySwitches, long involuntarySwitches, long migrations, long overheadNs, long busyNs,
                         double utilisation, long rtJobs, long deadlineMisses) {
}
