package kos.attn;

import kos.sched.SchedTask;
import kos.sched.TaskClass;
import kos.sched.policy.GittinsIndex;

/**
 * The size distribution a kernel can learn from history: per declared task class, the total CPU
 * time of the last {@value #KEEP} tasks of that class that finished, and the Gittins index of that
 * empirical distribution ({@link GittinsIndex#ofSamples}) at a task's attained CPU time. This is
 * the rank of the fair class: the task most likely to finish soon per unit of further service
 * runs first. It needs no oracle (only completed tasks' CPU time) and becomes LAS for
 * heavy-tailed classes, FCFS for classes with memoryless or increasing-hazard sizes, and
 * shortest-expected-job across classes.
 *
 * <p>A class with fewer than {@value #MIN_SAMPLES} finished tasks uses all classes pooled; with
 * fewer than that in total, the prior {@code 1 / (attained + 1 ms)} (least attained service
 * first). Indexes are recomputed after every {@value #REFRESH} new samples of a class
 * ({@value #POINTS}-point grid, about 0.1 ms), and {@link #version()} changes so the policy can
 * re-key its queue.
 */
final class LearnedSizes {
    static final int KEEP = 512, MIN_SAMPLES = 16, REFRESH = 16, POINTS = 192;
    private static final int POOLED = TaskClass.values().length;

    private final long[][] samples = new long[POOLED + 1][KEEP];
    private final int[] count = new int[POOLED + 1], sinceRefresh = new int[POOLED + 1];
    private final long[] total = new long[POOLED + 1];
    private final GittinsIndex[] index = new GittinsIndex[POOLED + 1];
    private int version;
    private final boolean learned;
    private final int tail;

    /**
     * @param learned false: always the least-attained-service prior (the {@code --rank las} variant)
     * @param tail    fit a Pareto tail to this many largest sizes (0: the empirical distribution's own end)
     */
    LearnedSizes(boolean learned, int tail) {
        this.learned = learned;
        this.tail = tail;
    }

    /** Records a finished task's total CPU time. */
    void finished(SchedTask t) {
        add(t.taskClass().ordinal(), t.cpuTimeNs());
        add(POOLED, t.cpuTimeNs());
    }

    private void add(int c, long work) {
        samples[c][(int) (total[c] % KEEP)] = work;
        total[c]++;
        count[c] = (int) Math.min(KEEP, total[c]);
        if (++sinceRefresh[c] >= REFRESH && count[c] >= MIN_SAMPLES) {
            sinceRefresh[c] = 0;
            index[c] = GittinsIndex.ofSamples(samples[c], count[c], POINTS, tail);
            version++;
        }
    }

    /**
     * The index of a fresh task (no attained service) of class {@code c}, from that class's own
     * learned sizes; NaN while the class has too few finished tasks for its own index (the pooled
     * sizes of the other classes say nothing about how this class's index falls with age).
     */
    double freshIndex(TaskClass c) {
        GittinsIndex g = learned ? index[c.ordinal()] : null;
        return g != null ? g.index(0) : Double.NaN;
    }

    /** Changes whenever an index was recomputed. */
    int version() {
        return version;
    }

    private GittinsIndex of(SchedTask t) {
        if (!learned) {
            return null;
        }
        GittinsIndex g = index[t.taskClass().ordinal()];
        return g != null ? g : index[POOLED];
    }

    /** The index (completions per ns of further service) of {@code t} at {@code attainedNs}. */
    double index(SchedTask t, long attainedNs) {
        GittinsIndex g = of(t);
        return g != null ? g.index(attainedNs) : 1.0 / (attainedNs + 1_000_000.0);
    }

    /** A heap key, smaller first: {@code -ln index} in steps of 1e-6. */
    long key(SchedTask t, long attainedNs) {
        return Math.round(-StrictMath.log(index(t, attainedNs)) * 1e6);
    }

    /** Further service before {@code t}'s index falls below {@code other} ({@code Long.MAX_VALUE}: not on the grid). */
    long serviceUntilBelow(SchedTask t, double other) {
        GittinsIndex g = of(t);
        long a = t.cpuTimeNs();
        if (g != null) {
            return g.serviceUntilBelow(a, other);
        }
        // prior 1 / (a + 1ms) < other  <=>  a > 1 / other - 1ms
        double until = 1.0 / other - 1_000_000.0;
        return until <= a ? 1 : (long) StrictMath.ceil(until - a);
    }

    /** Finished tasks seen for class {@code c} (for stats). */
    long samples(TaskClass c) {
        return total[c.ordinal()];
    }
}
