package kos.insights.crash;

import kos.simd.FloatKernels;

/**
 * The last {@link #capacity()} samples (100 by default) as columns, with least-squares trends.
 *
 * <p>{@link #slope} fits {@code y = a + b t} by ordinary least squares over the newest {@code n}
 * samples, with t in seconds centred on its mean for numerical stability:
 * {@code b = sum((t_i - mean t) y_i) / sum((t_i - mean t)^2)}, both sums by the reproducible
 * {@link FloatKernels#dot}. Units: y's unit per second. Allocation-free after construction.
 */
public final class SampleWindow {
    /** Columns that can be fitted. */
    public enum Column { FREE, AVAILABLE, UNRECOVERABLE, UNUSABLE_INDEX, CACHE, PINNED }

    private final int capacity;
    private final long[] timeNs;
    private final float[][] columns;
    private final float[] tScratch, yScratch;
    private final FloatKernels kernels;
    private int next, size;

    public SampleWindow(int capacity, FloatKernels kernels) {
        this.capacity = capacity;
        this.kernels = kernels;
        timeNs = new long[capacity];
        columns = new float[Column.values().length][capacity];
        tScratch = new float[capacity];
        yScratch = new float[capacity];
    }

    public void add(MemorySample s) {
        timeNs[next] = s.timeNs();
        columns[Column.FREE.ordinal()][next] = s.freePages();
        columns[Column.AVAILABLE.ordinal()][next] = s.availablePages();
        columns[Column.UNRECOVERABLE.ordinal()][next] = s.totalPages() - s.availablePages();
        columns[Column.UNUSABLE_INDEX.ordinal()][next] = s.unusableIndex();
        columns[Column.CACHE.ordinal()][next] = s.cachePages();
        columns[Column.PINNED.ordinal()][next] = (float) s.pinnedPageblocks();
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
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
    }

    /** Least-squares slope of a column over the newest {@code n} samples, per second; 0 with fewer than 3 samples. */
    public double slope(Column c, int n) {
        int m = Math.min(n, size);
        if (m < 3) {
            return 0;
        }
        float[] col = columns[c.ordinal()];
        int start = (next - m + capacity) % capacity;
        long t0 = timeNs[(next - 1 + capacity) % capacity];
        double meanT = 0;
        for (int i = 0; i < m; i++) {
            int slot = (start + i) % capacity;
            tScratch[i] = (float) ((timeNs[slot] - t0) / 1e9);
            yScratch[i] = col[slot];
            meanT += tScratch[i];
        }
        float mt = (float) (meanT / m);
        for (int i = 0; i < m; i++) {
            tScratch[i] -= mt;
        }
        float sxx = kernels.dot(tScratch, 0, tScratch, 0, m);
        if (sxx == 0f) {
            return 0;
        }
        return kernels.dot(tScratch, 0, yScratch, 0, m) / (double) sxx;
    }
}
