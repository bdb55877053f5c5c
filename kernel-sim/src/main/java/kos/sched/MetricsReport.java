package kos.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds {@link SchedMetrics} from the tasks of a scheduler (see there for the definitions). */
final class MetricsReport {
    private static final double MS = 1e6;

    private MetricsReport() {
    }

    static SchedMetrics build(Scheduler s, List<Task> tasks, SchedStats stats, LatencyHistogram wake,
                              LatencyHistogram[] wakeByClass, long firstArrivalNs, long lastEndNs) {
        long now = stats.timeNs();
        long tau = s.config().boundedSlowdownNs();
        SchedMetrics.ClassMetrics all = classMetrics("all", tasks, null, now, tau, wake);
        List<SchedMetrics.ClassMetrics> byClass = new ArrayList<>();
        for (TaskClass c : TaskClass.values()) {
            SchedMetrics.ClassMetrics m = classMetrics(c.label(), tasks, c, now, tau, wakeByClass[c.ordinal()]);
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
        return new SchedMetrics(stats, all, byClass, throughput, makespan, jain(tasks, now), overheadShare);
    }

    private static SchedMetrics.ClassMetrics classMetrics(String label, List<Task> tasks, TaskClass only, long now, long tau,
                                                          LatencyHistogram wake) {
        int n = 0, finished = 0;
        double[] response = new double[tasks.size()], turnaround = new double[tasks.size()], wait = new double[tasks.size()],
                slowdown = new double[tasks.size()], bounded = new double[tasks.size()];
        int nr = 0, nf = 0;
        long switches = 0, invol = 0, migr = 0, jobs = 0, misses = 0;
        double overhead = 0;
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
        return new SchedMetrics.ClassMetrics(label, n, finished, summary(response, nr), summary(turnaround, nf), summary(wait, nf),
                summary(slowdown, nf), summary(bounded, nf),
                new SchedMetrics.Summary(wake.count(), wake.mean() / MS, wake.quantile(0.5) / MS, wake.quantile(0.95) / MS,
                        wake.quantile(0.99) / MS, wake.max() / MS),
                switches, invol, migr, overhead, jobs, misses);
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

    private static double jain(List<Task> tasks, long now) {
        double sum = 0, sumSq = 0;
        int n = 0;
        for (Task t : tasks) {
            if (t.realtime() != null) {
                continue;
            }
            long end = t.endNs >= 0 ? t.endNs : now;
            long present = end - t.arrivalNs;
            if (present < 1_000_000) {
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
