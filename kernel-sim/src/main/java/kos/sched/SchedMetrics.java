package kos.sched;

import java.util.List;

/**
 * The full report of a run ({@code schedctl stats}, {@link SchedEval}): aggregate and per-class
 * task metrics with their distributions. Times are in milliseconds of virtual time.
 *
 * <p>Definitions (per task, over tasks that finished unless said otherwise): response = first run
 * - arrival (over tasks that ran); turnaround = end - arrival; wait = time runnable but not
 * running; slowdown = turnaround / CPU time; bounded slowdown = max((wait + CPU) / max(CPU, tau), 1)
 * with tau = {@link Scheduler.Config#boundedSlowdownNs()}; wakeup latency = from becoming runnable
 * to starting to run, per wakeup (every task). Throughput = finished tasks per second from the first
 * arrival to now, or to the last task's end once all have finished; makespan = last end - first arrival. Jain's index (sum x)^2 / (n sum x^2) is over
 * x = CPU time / (weight * time present) of every non-realtime task present for at least 1 ms:
 * 1 means CPU shares exactly in proportion to weight (meaningful when the tasks compete for CPU).
 *
 * <p><b>Long runs.</b> Everything is exact (quantiles by nearest rank) while the scheduler keeps
 * every finished task, i.e. until more than {@link Scheduler#finishedTaskRetention()} (default
 * {@value Scheduler#DEFAULT_FINISHED_RETENTION}) have finished. After that the oldest finished
 * tasks are retired: task counts, switch, migration and job counts and maxima stay exact, means,
 * overhead and Jain's index stay exact up to the order of floating-point additions, and the p50,
 * p95 and p99 of response, turnaround, wait and (bounded) slowdown become HdrHistogram estimates
 * with 3 significant digits (within 0.1%, never above the maximum). Wakeup latencies are
 * histograms from the start (about 3%, see {@link LatencyHistogram}).
 */
public record SchedMetrics(SchedStats stats, ClassMetrics all, List<ClassMetrics> byClass, double throughputPerS,
                           double makespanMs, double jainFairness, double overheadShare) {

    /** Distribution summary; all zero when {@code count} is 0. */
    public record Summary(long count, double mean, double p50, double p95, double p99, double max) {
        public static final Summary EMPTY = new Summary(0, 0, 0, 0, 0, 0);
    }

    /** Metrics over one class of tasks (or all, with {@code taskClass} "all"). */
    public record ClassMetrics(String taskClass, int tasks, int finished, Summary responseMs, Summary turnaroundMs,
                               Summary waitMs, Summary slowdown, Summary boundedSlowdown, Summary wakeLatencyMs,
                               long switches, long involuntarySwitches, long migrations, double overheadMs,
                               long rtJobs, long deadlineMisses) {
    }
}
