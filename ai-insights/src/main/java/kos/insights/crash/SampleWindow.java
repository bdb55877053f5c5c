package kos.insights.crash;

import kos.simd.FloatKernels;

/**
 * The last {@link #capacity()} samples (100 by default) as columns, with least-squares trends.
 *
 * <p>{@link #slope} fits {@code y = a + b t} by ordinary least squares over the newest {@code n}
 * samples, with t in seconds centred on its mean for numerical stability:
 * {@code b = sum((t_i - mean t) y_i) / sum((t_i - mean t)^2)}, both sums by the reproducible
 * {@link FloatKernels#dot}. Units: y's unit per second. Allocation-free after construction.
 *
 * <p>The centred times depend only on the gaps between the newest {@code n} sample times; while
 * samples come evenly spaced (a sampling period), the ones computed for the same {@code n} and the
 * same spacing are reused: the same values, so the same bits, as computing them again. They are
 * kept per window length, so a window that is still filling (a new length every sample) computes
 * each length once per spacing, not once per sample.
 *
 * <p>Each column is stored twice over ({@code [i]} and {@code [i + capacity]}), so the newest
 * {@code n} values are always one contiguous run that the dot product reads in place, oldest first
 * as before, instead of a copy into a scratch array.
 */
public final class SampleWindow {
    /** Columns that can be fitted. */
    public enum Column {
        FREE,
        AVAILABLE,
        UNRECOVERABLE,
        UNUSABLE_INDEX,
        CACHE,
        PINNED
    }

    private final int capacity;
    private final long[] timeNs;
    /** Per column, {@code 2 * capacity} values: slot i at i and i + capacity. */
    private final float[][] columns;
    /**
     * How many window lengths the centred-times cache holds: the crash features use three (the
     * recent 1 s, the trend and the whole window); with fewer entries they evict each other and
     * every sample recomputes them all.
     */
    private static final int CACHED_LENGTHS = 3;

    /** Centred times for up to {@link #CACHED_LENGTHS} window lengths, valid while {@link #version} is unchanged. */
    private final float[][] tCentred;

    private final float[] sxx = new float[CACHED_LENGTHS];
    /**
     * Centred times of evenly spaced windows per length m (allocated on first use), their sum of
     * squares, and the spacing they were computed for ({@link #UNEVEN}: none yet).
     */
    private final float[][] evenT;

    private final float[] evenSxx;
    private final long[] evenStep;
    private final int[] cachedM = {-1, -1, -1};
    private final long[] cachedVersion = new long[CACHED_LENGTHS];

    private static final long UNEVEN = Long.MIN_VALUE;
    /** The gap between the two newest samples, and how many of the newest gaps in a row equal it. */
    private long step = UNEVEN;

    private int evenGaps;
    private long version;
    private int evict;
    private final FloatKernels kernels;
    private int next, size;

    public SampleWindow(int capacity, FloatKernels kernels) {
        this.capacity = capacity;
        this.kernels = kernels;
        timeNs = new long[capacity];
        columns = new float[Column.values().length][2 * capacity];
        tCentred = new float[CACHED_LENGTHS][capacity];
        evenT = new float[capacity + 1][];
        evenSxx = new float[capacity + 1];
        evenStep = new long[capacity + 1];
        java.util.Arrays.fill(evenStep, UNEVEN);
    }

    public void add(MemorySample s) {
        if (size == 0) {
            evenGaps = 0;
            step = UNEVEN;
        } else {
            long gap = s.timeNs() - timeNs[newest()];
            evenGaps = gap == step ? evenGaps + 1 : 1;
            step = gap;
        }
        timeNs[next] = s.timeNs();
        put(Column.FREE, s.freePages());
        put(Column.AVAILABLE, s.availablePages());
        put(Column.UNRECOVERABLE, s.capacityPages() - s.availablePages());
        put(Column.UNUSABLE_INDEX, s.unusableIndex());
        put(Column.CACHE, s.cachePages());
        put(Column.PINNED, (float) s.pinnedPageblocks());
        next = next + 1 == capacity ? 0 : next + 1;
        size = Math.min(size + 1, capacity);
        version++;
    }

    /** The slot of the newest sample. */
    private int newest() {
        return next == 0 ? capacity - 1 : next - 1;
    }

    private void put(Column c, float v) {
        float[] col = columns[c.ordinal()];
        col[next] = v;
        col[next + capacity] = v;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public void clear() {
        next = 0;
        size = 0;
        version++;
    }

    /** A column's value {@code back} samples before the newest (0: the newest); NaN when the window holds fewer. */
    public double value(Column c, int back) {
        if (back < 0 || back >= size) {
            return Double.NaN;
        }
        return columns[c.ordinal()][next - 1 - back + capacity]; // the doubled column: no wrap
    }

    /** Least-squares slope of a column over the newest {@code n} samples, per second; 0 with fewer than 3 samples. */
    public double slope(Column c, int n) {
        int m = Math.min(n, size);
        if (m < 3) {
            return 0;
        }
        float[] t;
        float sumSq;
        if (evenGaps >= m - 1 && step != UNEVEN) {
            if (evenStep[m] != step) {
                if (evenT[m] == null) {
                    evenT[m] = new float[m];
                }
                centre(evenT[m], m);
                evenSxx[m] = kernels.dot(evenT[m], 0, evenT[m], 0, m);
                evenStep[m] = step;
            }
            t = evenT[m];
            sumSq = evenSxx[m];
        } else {
            int k = centredTimes(m);
            if (Float.isNaN(sxx[k])) {
                sxx[k] = kernels.dot(tCentred[k], 0, tCentred[k], 0, m);
            }
            t = tCentred[k];
            sumSq = sxx[k];
        }
        if (sumSq == 0f) {
            return 0;
        }
        // the newest m values, oldest first: one run of the doubled column
        return kernels.dot(t, 0, columns[c.ordinal()], next - m + capacity, m) / (double) sumSq;
    }

    /**
     * The newest m sample times in seconds, centred on their mean, of a window that is not evenly
     * spaced: the same for every column, so computed once per sample for each of the (at most
     * {@value #CACHED_LENGTHS}) window lengths in use. Returns the cache entry (its sum of squares
     * still NaN when just computed).
     */
    private int centredTimes(int m) {
        for (int k = 0; k < CACHED_LENGTHS; k++) {
            if (cachedM[k] == m && cachedVersion[k] == version) {
                return k;
            }
        }
        int k = evict;
        evict = (evict + 1) % CACHED_LENGTHS;
        centre(tCentred[k], m);
        sxx[k] = Float.NaN; // computed by the caller, where the vector dot inlines without boxing
        cachedM[k] = m;
        cachedVersion[k] = version;
        return k;
    }

    /** Writes the newest m sample times in seconds, centred on their mean, into t. */
    private void centre(float[] t, int m) {
        long t0 = timeNs[newest()];
        double meanT = 0;
        for (int i = 0, slot = next >= m ? next - m : next - m + capacity;
                i < m;
                i++, slot = slot + 1 == capacity ? 0 : slot + 1) {
            t[i] = (float) ((timeNs[slot] - t0) / 1e9);
            meanT += t[i];
        }
        float mt = (float) (meanT / m);
        for (int i = 0; i < m; i++) {
            t[i] -= mt;
        }
    }
}
