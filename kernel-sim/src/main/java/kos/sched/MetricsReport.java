package kos.sched;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds {@link SchedMetrics} from the tasks a scheduler keeps and what it remembers of those it
 * retired (see there for the definitions). With nothing retired every value is computed from the
 * tasks themselves, exactly; with retired tasks, counts, sums, means and maxima still cover every
 * task, and quantiles come from the retired tasks' histograms plus the kept tasks' values.
 */
final class MetricsReport {
    static final double MS = 1e6;
    /** Jain's index counts a task present for at least this long. */
    static final long JAIN_MIN_PRESENT_NS = 1_000_000;

    private MetricsReport() {
    }

    static SchedMetrics build(Scheduler s, List<Task> tasks, RetiredTasks retired, SchedStats stats, LatencyHistogram wake,
                              LatencyHistogram[] wakeByClass, long firstArrivalNs, long lastEndNs) {
        long now = stats.timeNs();
        long tau = s.config().boundedSlowdownNs();
        SchedMetrics.ClassMetrics all = classMetrics("all", tasks, null, now, tau, wake, retired.group(null));
        List<SchedMetrics.ClassMetrics> byClass = new ArrayList<>();
        for (TaskClass c : TaskClass.values()) {
            SchedMetrics.ClassMetrics m = classMetrics(c.label(), tasks, c, now, tau, wakeByClass[c.ordinal()], retired.group(c));
            if (m.tasks() > 0) {
                byClass.add(m);
            }
        }
        // to the workload's end once every task has finished, not to whenever the report is asked for
        long end = s.quiescent() && lastEndNs >= 0 ? lastEndNs : now;
        double elapsedS = firstArrivalNs < 0 ? 0 : (end - firstArrivalNs) / 1e9;
        double throughput = elapsedS <= 0 ? 0 : (stats.completed()) / elapsedS;
        double makespan = firstArrivalNs < 0 || lastEndNs < 0 ? 0 : (lastEndNs - firstArrivalNs) / MS;
        double cpuAvail = (double) end * stats.cpus();
        double overheadShare = cpuAvail <= 0 ? 0 : stats.overheadNs() / cpuAvail;
        return new SchedMetrics(stats, all, byClass, throughput, makespan, jain(tasks, now, retired), overheadShare);
    }

    private static SchedMetrics.ClassMetrics classMetrics(String label, List<Task> tasks, TaskClass only, long now, long tau,
                                                          LatencyHistogram wake, RetiredTasks.Group gone) {
        int n = gone.tasks, finished = gone.finished;
        double[] response = new double[tasks.size()], turnaround = new double[tasks.size()], wait = new double[tasks.size()],
                slowdown = new double[tasks.size()], bounded = new double[tasks.size()];
        int nr = 0, nf = 0;
        long switches = gone.switches, invol = gone.involuntary, migr = gone.migrations, jobs = gone.rtJobs, misses = gone.deadlineMisses;
        double overhead = gone.overheadMs;
        for (Task t : tasks) {
            if (only != null && t.taskClass() != only) {
                continue;
            }
            n++;
            switches += t.voluntary + t.involuntary;
            invol += t.involuntary;
            migr += t.migrations;
            overhead += t.overheadNs / MS;
            jobs += t.jobsReleased;
            misses += t.deadlineMisses(now);
            if (t.firstRunNs >= 0) {
                response[nr++] = (t.firstRunNs - t.arrivalNs) / MS;
            }
            if (t.state == Task.State.DONE) {
                finished++;
                double run = t.cpuTimeNs;
                turnaround[nf] = (t.endNs - t.arrivalNs) / MS;
                wait[nf] = t.waitNs / MS;
                slowdown[nf] = run <= 0 ? 1 : (t.endNs - t.arrivalNs) / run;
                bounded[nf] = Math.max((t.waitNs + run) / Math.max(run, tau), 1.0);
                nf++;
            }
        }
        return new SchedMetrics.ClassMetrics(label, n, finished, summary(gone.response, response, nr),
                summary(gone.turnaround, turnaround, nf), summary(gone.wait, wait, nf), summary(gone.slowdown, slowdown, nf),
                summary(gone.bounded, bounded, nf),
                new SchedMetrics.Summary(wake.count(), wake.mean() / MS, wake.quantile(0.5) / MS, wake.quantile(0.95) / MS,
                        wake.quantile(0.99) / MS, wake.max() / MS),
                switches, invol, migr, overhead, jobs, misses);
    }

    /**
     * The summary of the retired values {@code gone} and the first {@code n} of {@code v}: exact
     * ({@link #summary(double[], int)}) when nothing was retired; otherwise count, mean and max over
     * both, quantiles from a copy of the retired histogram with {@code v} added (within 0.1%).
     */
    static SchedMetrics.Summary summary(RetiredTasks.Dist gone, double[] v, int n) {
        if (gone.count == 0) {
            return summary(v, n);
        }
        Histogram h = gone.histogram.copy();
        double sum = gone.sum, max = gone.max;
        for (int i = 0; i < n; i++) {
            h.recordValue(RetiredTasks.scaled(v[i]));
            sum += v[i];
            max = Math.max(max, v[i]);
        }
        long count = gone.count + n;
        return new SchedMetrics.Summary(count, sum / count, quantile(h, 50, max), quantile(h, 95, max), quantile(h, 99, max), max);
    }

    private static double quantile(Histogram h, double percentile, double max) {
        // a bucket's highest equivalent value can lie above the largest value recorded in it
        return Math.min(max, h.getValueAtPercentile(percentile) / RetiredTasks.SCALE);
    }

    /** Mean and nearest-rank quantiles of the first {@code n} values (sorted in place). */
    static SchedMetrics.Summary summary(double[] v, int n) {
        if (n == 0) {
            return SchedMetrics.Summary.EMPTY;
        }
        Arrays.sort(v, 0, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += v[i];
        }
        return new SchedMetrics.Summary(n, sum / n, rank(v, n, 0.50), rank(v, n, 0.95), rank(v, n, 0.99), v[n - 1]);
    }

    private static double rank(double[] sorted, int n, double q) {
        int r = (int) Math.ceil(q * n);
        return sorted[Math.max(0, Math.min(n - 1, r - 1))];
    }

    private static double jain(List<Task> tasks, long now, RetiredTasks retired) {
        double sum = retired.jainSum(), sumSq = retired.jainSumSq();
        int n = retired.jainCount();
        for (Task t : tasks) {
            if (t.realtime() != null) {
                continue;
            }
            long end = t.endNs >= 0 ? t.endNs : now;
            long present = end - t.arrivalNs;
            if (present < JAIN_MIN_PRESENT_NS) {
                continue;
            }
            double x = t.cpuTimeNs() / ((double) t.weight * present);
            sum += x;
            sumSq += x * x;
            n++;
        }
        return n == 0 || sumSq == 0 ? 1.0 : sum * sum / (n * sumSq);
    }
}
