package kos.sched;

import org.HdrHistogram.Histogram;

/**
 * What the scheduler remembers of finished tasks it no longer keeps (see
 * {@link Scheduler#setFinishedTaskRetention}): per task class and over all tasks, the counts and
 * sums of {@link SchedMetrics} and, for each distribution, its count, sum, maximum and an
 * auto-resizing HdrHistogram {@link Histogram} of the values in millionths (nanoseconds for the
 * millisecond values) with {@value #DIGITS} significant digits. Its size does not
 * depend on how many tasks were retired; retiring one allocates nothing once the histograms cover
 * the range of values seen.
 */
final class RetiredTasks {
    /** Significant decimal digits of the retired distributions: quantiles within 0.1% of a recorded value. */
    static final int DIGITS = 3;

    /** Values are recorded in the histograms as {@code round(v * SCALE)}. */
    static final double SCALE = 1e6;

    /** One distribution of retired values (milliseconds or ratios). */
    static final class Dist {
        long count;
        double sum, max;
        Histogram histogram;

        void add(double v) {
            if (histogram == null) {
                histogram = new Histogram(DIGITS);
            }
            histogram.recordValue(scaled(v));
            count++;
            sum += v;
            max = Math.max(max, v);
        }
    }

    /** The retired tasks of one class (or all of them). */
    static final class Group {
        int tasks, finished;
        long switches, involuntary, migrations, rtJobs, deadlineMisses;
        double overheadMs;
        final Dist response = new Dist(), turnaround = new Dist(), wait = new Dist(), slowdown = new Dist(), bounded = new Dist();
    }

    /** {@code v} in the histograms' units: millionths, rounded, at least 0. */
    static long scaled(double v) {
        return Math.max(0, Math.round(v * SCALE));
    }

    private final Group all = new Group();
    private final Group[] byClass = new Group[TaskClass.values().length];
    private long count;
    private double jainSum, jainSumSq;
    private int jainN;

    RetiredTasks() {
        for (int i = 0; i < byClass.length; i++) {
            byClass[i] = new Group();
        }
    }

    /** Tasks retired so far. */
    long count() {
        return count;
    }

    /** The group of a class, or of all tasks for null. */
    Group group(TaskClass c) {
        return c == null ? all : byClass[c.ordinal()];
    }

    double jainSum() {
        return jainSum;
    }

    double jainSumSq() {
        return jainSumSq;
    }

    int jainCount() {
        return jainN;
    }

    /** Folds finished task {@code t} in, as {@link MetricsReport} would have counted it at {@code nowNs}. */
    void retire(Task t, long nowNs, long tauNs) {
        count++;
        add(all, t, nowNs, tauNs);
        add(byClass[t.taskClass().ordinal()], t, nowNs, tauNs);
        if (t.realtime() == null) {
            long present = t.endNs - t.arrivalNs;
            if (present >= MetricsReport.JAIN_MIN_PRESENT_NS) {
                double x = t.cpuTimeNs() / ((double) t.weight * present);
                jainSum += x;
                jainSumSq += x * x;
                jainN++;
            }
        }
    }

    private static void add(Group g, Task t, long nowNs, long tauNs) {
        g.tasks++;
        g.switches += t.voluntary + t.involuntary;
        g.involuntary += t.involuntary;
        g.migrations += t.migrations;
        g.overheadMs += t.overheadNs / MetricsReport.MS;
        g.rtJobs += t.jobsReleased;
        g.deadlineMisses += t.deadlineMisses(nowNs);
        if (t.firstRunNs >= 0) {
            g.response.add((t.firstRunNs - t.arrivalNs) / MetricsReport.MS);
        }
        if (t.state == Task.State.DONE) {
            g.finished++;
            double run = t.cpuTimeNs;
            g.turnaround.add((t.endNs - t.arrivalNs) / MetricsReport.MS);
            g.wait.add(t.waitNs / MetricsReport.MS);
            g.slowdown.add(run <= 0 ? 1 : (t.endNs - t.arrivalNs) / run);
            g.bounded.add(Math.max((t.waitNs + run) / Math.max(run, tauNs), 1.0));
        }
    }
}
