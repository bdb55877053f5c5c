package kos.insights.dashboard;

import java.util.Arrays;

/**
 * The last {@link #capacity()} latency samples of one source, in nanoseconds, in a ring buffer.
 *
 * <p><b>Percentiles</b> are by nearest rank over the samples currently in the window: with the
 * {@code n} samples sorted ascending, the p-th percentile (0 &lt; p &lt;= 100) is the sample at
 * 1-based rank {@code ceil(p / 100 * n)}. So p50 of {1, 2, 3, 4} is 2, p99 of 1000 samples is the
 * 990th smallest, and p99.9 of 1000 samples is the 999th. Every percentile is therefore an observed
 * sample, never an interpolation. An empty window has no percentiles (reported as 0 with count 0).
 *
 * <p>Recording is O(1) and allocates nothing. Not thread-safe: one writer, and reads from the
 * same thread (the simulation thread).
 */
public final class LatencyWindow {
    private final long[] ring;
    private final long[] scratch;
    private int next;
    private int size;

    public LatencyWindow(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        ring = new long[capacity];
        scratch = new long[capacity];
    }

    public void record(long nanos) {
        ring[next] = nanos;
        next = next + 1 == ring.length ? 0 : next + 1;
        if (size < ring.length) {
            size++;
        }
    }

    public int capacity() {
        return ring.length;
    }

    public int size() {
        return size;
    }

    /** Percentiles of the window at the given levels (each in (0, 100]), by nearest rank; zeros when empty. */
    public long[] percentiles(double... levels) {
        long[] out = new long[levels.length];
        if (size == 0) {
            return out;
        }
        System.arraycopy(ring, 0, scratch, 0, size);
        Arrays.sort(scratch, 0, size);
        for (int i = 0; i < levels.length; i++) {
            out[i] = scratch[nearestRank(levels[i], size) - 1];
        }
        return out;
    }

    /** The 1-based nearest rank of percentile {@code p} among {@code n} samples: {@code ceil(p / 100 * n)}, at least 1. */
    public static int nearestRank(double p, int n) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        // p / 100 * n computed as p * n / 100 to keep, e.g., 99.9 * 1000 / 100 exact enough; the
        // epsilon absorbs binary representation error so that 50% of 4 is rank 2, not 3.
        return Math.max(1, (int) Math.ceil(p * n / 100.0 - 1e-9));
    }
}
