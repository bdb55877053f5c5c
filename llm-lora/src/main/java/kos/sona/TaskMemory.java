package kos.sona;

import java.util.Arrays;

/**
 * SONA's memory of tasks (workloads), for EWC++ and recall: a ring of the last {@code history} Loop-B periods (each
 * with the sum and sum of squares of its steps' embeddings and a snapshot of every adapter and of the online Fisher
 * at its end), and up to {@code capacity} remembered tasks, each the adapters as they were when it ended.
 *
 * <p>Why the history: the boundary detector fires some seconds after a workload changes (it needs a window of the
 * new workload), and by then Loop A and Loop B have already trained the adapters on it. {@link #changePoint}
 * estimates where, among the periods since the last boundary, the change began (the split that best separates the
 * periods' means, binary segmentation on standardised embeddings), so that the task that ended is remembered as it
 * was before the change, not several seconds into the next one.
 *
 * <p>Deterministic: double accumulators in a fixed order, ties to the earlier split.
 */
public final class TaskMemory {
    /** Standard deviation floor of the z-scores (dimensions that never vary do not decide). */
    static final double FLOOR = 0.05;

    private final int dim, params, fisherSize, history, capacity;
    // history ring: one entry per closed Loop-B period
    private final long[] hTime;
    private final double[][] hSum, hSq;
    private final long[] hCount;
    private final float[][] hParams, hFisher;
    private int hNext, hSize;
    // the open period
    private final double[] oSum, oSq;
    private long oCount;
    // remembered tasks
    private final float[][] snapshot;
    private final long[] used;
    private int tasks;
    private long clock, recalls, stored;

    public TaskMemory(int dim, int params, int fisherSize, int history, int capacity) {
        if (dim < 1 || params < 1 || fisherSize < 0 || history < 2 || capacity < 1) {
            throw new IllegalArgumentException("task memory: dim and params positive, history >= 2, capacity >= 1");
        }
        this.dim = dim;
        this.params = params;
        this.fisherSize = fisherSize;
        this.history = history;
        this.capacity = capacity;
        hTime = new long[history];
        hSum = new double[history][dim];
        hSq = new double[history][dim];
        hCount = new long[history];
        hParams = new float[history][params];
        hFisher = new float[history][fisherSize];
        oSum = new double[dim];
        oSq = new double[dim];
        snapshot = new float[capacity][params];
        used = new long[capacity];
    }

    /** Adds one step's embedding ({@code dim} floats from {@code off}) to the open period. */
    public void observe(float[] e, int off) {
        for (int d = 0; d < dim; d++) {
            double v = e[off + d];
            oSum[d] += v;
            oSq[d] += v * v;
        }
        oCount++;
    }

    /** Closes the open period at {@code nowNs} with the adapters ({@code theta}) and Fisher as they are now. */
    public void closePeriod(long nowNs, float[] theta, float[] fisher) {
        int i = hNext;
        hTime[i] = nowNs;
        System.arraycopy(oSum, 0, hSum[i], 0, dim);
        System.arraycopy(oSq, 0, hSq[i], 0, dim);
        hCount[i] = oCount;
        System.arraycopy(theta, 0, hParams[i], 0, params);
        System.arraycopy(fisher, 0, hFisher[i], 0, fisherSize);
        hNext = (hNext + 1) % history;
        hSize = Math.min(hSize + 1, history);
        Arrays.fill(oSum, 0);
        Arrays.fill(oSq, 0);
        oCount = 0;
    }

    /** The k-th closed period since {@code sinceNs} (oldest first), as a ring index; -1 past the end. */
    private int period(long sinceNs, int k) {
        int n = 0;
        for (int j = hSize; j >= 1; j--) {
            int i = Math.floorMod(hNext - j, history);
            if (hTime[i] > sinceNs && hCount[i] > 0) {
                if (n++ == k) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Closed periods since {@code sinceNs}. */
    public int closedSince(long sinceNs) {
        return periods(sinceNs);
    }

    /**
     * Closed periods since {@code sinceNs} that ended at or before {@code untilNs}: with the boundary detector's window
     * start as {@code untilNs}, the periods before the change.
     */
    public int closedUntil(long sinceNs, long untilNs) {
        int n = 0;
        for (int i = period(sinceNs, 0), k = 0; i >= 0 && hTime[i] <= untilNs; i = period(sinceNs, ++k)) {
            n++;
        }
        return n;
    }

    private int periods(long sinceNs) {
        int n = 0;
        while (period(sinceNs, n) >= 0) {
            n++;
        }
        return n;
    }

    /**
     * Where the change began among the closed periods since {@code sinceNs} and the open one: the split index
     * {@code c} (1..m-1 of m periods, oldest first) maximising {@code n1 n2 / (n1 + n2) sum_d ((m1_d - m2_d) / (s_d +
     * floor))^2}, with {@code s} the pooled per-step standard deviation; -1 when there are fewer than two periods.
     */
    public int changePoint(long sinceNs) {
        int m = periods(sinceNs) + (oCount > 0 ? 1 : 0);
        if (m < 2) {
            return -1;
        }
        double[] sum = new double[dim], sq = new double[dim];
        long n = 0;
        for (int k = 0; k < m; k++) {
            n += add(sinceNs, k, sum, sq);
        }
        double[] s = new double[dim];
        for (int d = 0; d < dim; d++) {
            double mu = sum[d] / n;
            s[d] = Math.sqrt(Math.max(0, sq[d] / n - mu * mu)) + FLOOR;
        }
        double[] left = new double[dim], lsq = new double[dim];
        long n1 = 0;
        int best = -1;
        double bestScore = -1;
        for (int c = 1; c < m; c++) {
            n1 += add(sinceNs, c - 1, left, lsq);
            long n2 = n - n1;
            if (n1 == 0 || n2 == 0) {
                continue;
            }
            double score = 0;
            for (int d = 0; d < dim; d++) {
                double diff = (left[d] / n1 - (sum[d] - left[d]) / n2) / s[d];
                score += diff * diff;
            }
            score *= (double) n1 * n2 / n;
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }

    /** Adds period k since {@code sinceNs} (k == closed periods: the open one) into the sums; returns its count. */
    private long add(long sinceNs, int k, double[] sum, double[] sq) {
        int i = period(sinceNs, k);
        double[] s = i >= 0 ? hSum[i] : oSum, q = i >= 0 ? hSq[i] : oSq;
        for (int d = 0; d < dim; d++) {
            sum[d] += s[d];
            sq[d] += q[d];
        }
        return i >= 0 ? hCount[i] : oCount;
    }

    /** The adapters and Fisher at the end of closed period k since {@code sinceNs} (false when k is not closed). */
    public boolean snapshotAt(long sinceNs, int k, float[] theta, float[] fisher) {
        int i = period(sinceNs, k);
        if (i < 0) {
            return false;
        }
        System.arraycopy(hParams[i], 0, theta, 0, params);
        System.arraycopy(hFisher[i], 0, fisher, 0, fisherSize);
        return true;
    }

    /**
     * Remembers a task: into slot {@code into} if it is one (a recalled task, updated), else a new slot (the least
     * recently used one when full). Returns the slot.
     */
    public int store(int into, float[] theta) {
        int t = into;
        if (t < 0 || t >= tasks) {
            if (tasks < capacity) {
                t = tasks++;
            } else {
                t = 0;
                for (int i = 1; i < capacity; i++) {
                    if (used[i] < used[t]) {
                        t = i;
                    }
                }
            }
        }
        System.arraycopy(theta, 0, snapshot[t], 0, params);
        used[t] = ++clock;
        stored++;
        return t;
    }

    /** Task t's adapters into {@code theta} (to try them; not a recall). */
    public void copy(int t, float[] theta) {
        System.arraycopy(snapshot[t], 0, theta, 0, params);
    }

    /** Task t's adapters into {@code theta}; counts a recall. */
    public void recall(int t, float[] theta) {
        System.arraycopy(snapshot[t], 0, theta, 0, params);
        used[t] = ++clock;
        recalls++;
    }

    public int tasks() {
        return tasks;
    }

    public long recalls() {
        return recalls;
    }

    public long stored() {
        return stored;
    }

    public int capacity() {
        return capacity;
    }
}
