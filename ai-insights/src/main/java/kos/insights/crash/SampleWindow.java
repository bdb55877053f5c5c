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
 * same spacing are reused: the same values, so the same bits, as computing them again.
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
    private final float[][] columns;
    private final float[] yScratch;
    /**
     * How many window lengths the centred-times cache holds: the crash features use three (the
     * recent 1 s, the trend and the whole window); with fewer entries they evict each other and
     * every sample recomputes them all.
     */
    private static final int CACHED_LENGTHS = 3;

    /** Centred times for up to {@link #CACHED_LENGTHS} window lengths, valid while {@link #version} is unchanged. */
    private final float[][] tCentred;

    private final float[] sxx = new float[CACHED_LENGTHS];
    private final int[] cachedM = {-1, -1, -1};
    private final long[] cachedVersion = new long[CACHED_LENGTHS];
    /** The gap between samples of an evenly spaced cache entry; {@link #UNEVEN} when it was not. */
    private final long[] cachedStep = {UNEVEN, UNEVEN, UNEVEN};

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
        columns = new float[Column.values().length][capacity];
        tCentred = new float[CACHED_LENGTHS][capacity];
        yScratch = new float[capacity];
    }

    public void add(MemorySample s) {
        if (size == 0) {
            evenGaps = 0;
            step = UNEVEN;
        } else {
            long gap = s.timeNs() - timeNs[(next - 1 + capacity) % capacity];
            evenGaps = gap == step ? evenGaps + 1 : 1;
            step = gap;
        }
        timeNs[next] = s.timeNs();
        columns[Column.FREE.ordinal()][next] = s.freePages();
        columns[Column.AVAILABLE.ordinal()][next] = s.availablePages();
        columns[Column.UNRECOVERABLE.ordinal()][next] = s.capacityPages() - s.availablePages();
        columns[Column.UNUSABLE_INDEX.ordinal()][next] = s.unusableIndex();
        columns[Column.CACHE.ordinal()][next] = s.cachePages();
        columns[Column.PINNED.ordinal()][next] = (float) s.pinnedPageblocks();
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
        version++;
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
        return columns[c.ordinal()][(next - 1 - back + capacity) % capacity];
    }

    /** Least-squares slope of a column over the newest {@code n} samples, per second; 0 with fewer than 3 samples. */
    public double slope(Column c, int n) {
        int m = Math.min(n, size);
        if (m < 3) {
            return 0;
        }
        int k = centredTimes(m);
        if (Float.isNaN(sxx[k])) {
            sxx[k] = kernels.dot(tCentred[k], 0, tCentred[k], 0, m);
        }
        if (sxx[k] == 0f) {
            return 0;
        }
        float[] col = columns[c.ordinal()];
        int start = next - m;
        if (start >= 0) {
            System.arraycopy(col, start, yScratch, 0, m);
        } else {
            System.arraycopy(col, start + capacity, yScratch, 0, -start);
            System.arraycopy(col, 0, yScratch, -start, next);
        }
        return kernels.dot(tCentred[k], 0, yScratch, 0, m) / (double) sxx[k];
    }

    /**
     * The newest m sample times in seconds, centred on their mean, and their sum of squares: the
     * same for every column, so computed once per sample for each of the (at most
     * {@value #CACHED_LENGTHS}) window lengths in use. Returns the cache entry (its sum of squares still NaN when just computed).
     */
    private int centredTimes(int m) {
        boolean even = evenGaps >= m - 1 && step != UNEVEN;
        for (int k = 0; k < CACHED_LENGTHS; k++) {
            if (cachedM[k] == m && (cachedVersion[k] == version || (even && cachedStep[k] == step))) {
                return k;
            }
        }
        int k = evict;
        evict = (evict + 1) % CACHED_LENGTHS;
        float[] t = tCentred[k];
        long t0 = timeNs[(next - 1 + capacity) % capacity];
        double meanT = 0;
        for (int i = 0, slot = (next - m + capacity) % capacity;
                i < m;
                i++, slot = slot + 1 == capacity ? 0 : slot + 1) {
            t[i] = (float) ((timeNs[slot] - t0) / 1e9);
            meanT += t[i];
        }
        float mt = (float) (meanT / m);
        for (int i = 0; i < m; i++) {
            t[i] -= mt;
        }
        sxx[k] = Float.NaN; // computed by the caller, where the vector dot inlines without boxing
        cachedM[k] = m;
        cachedVersion[k] = version;
        cachedStep[k] = even ? step : UNEVEN;
        return k;
    }
}
