package kos.sched;

/**
 * A log-linear histogram of non-negative nanosecond values with about 3% relative precision
 * (32 sub-buckets per power of two, exact below 64 ns), so millions of wakeup latencies cost a
 * few kilobytes and recording allocates nothing. Quantiles return the midpoint of the bucket.
 */
public final class LatencyHistogram {
    private static final int SUB = 32, SUB_BITS = 5;
    private final long[] counts = new long[64 + (64 - 6) * SUB];
    private long total, max;
    private double sum;

    public void record(long ns) {
        long v = Math.max(0, ns);
        counts[bucket(v)]++;
        total++;
        sum += v;
        max = Math.max(max, v);
    }

    public long count() {
        return total;
    }

    public double mean() {
        return total == 0 ? 0 : sum / total;
    }

    public long max() {
        return max;
    }

    /** The value at quantile {@code q} in 0..1 (nearest rank); 0 when empty. */
    public double quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return Math.min(max, midpoint(b));
            }
        }
        return max;
    }

    static int bucket(long v) {
        if (v < 64) {
            return (int) v;
        }
        int e = 63 - Long.numberOfLeadingZeros(v); // >= 6
        int sub = (int) ((v >>> (e - SUB_BITS)) & (SUB - 1));
        return 64 + (e - 6) * SUB + sub;
    }

    static double midpoint(int b) {
        if (b < 64) {
            return b;
        }
        int e = (b - 64) / SUB + 6, sub = (b - 64) % SUB;
        double lo = Math.pow(2, e) + sub * Math.pow(2, e - SUB_BITS);
        return lo + Math.pow(2, e - SUB_BITS) / 2;
    }
}
