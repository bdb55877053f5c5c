package kos.insights.crash;

import java.util.Arrays;

/**
 * One aggregate per whole second of simulated time (second k covers [k s, k+1 s)) over the last
 * {@code seconds} seconds, the current one included: the lowest or the highest value seen in each
 * second, or the sum. Samples must come in non-decreasing time; a second that passes without a sample holds
 * nothing. Independent of the sampling period, so a remembered dip or a count over 30 s means the
 * same at 100 ms as at 1 s sampling. Allocation-free after construction.
 *
 * <p>{@link #value()} is computed only after a bucket changed (a sample changes at most one bucket,
 * and most samples none: a dip that is not the second's lowest, a zero added to a sum), by the same
 * loop in the same order, so it returns the same bits as recomputing it on every call; a minimum
 * whose current bucket went down is updated in place (a minimum does not depend on the order).
 */
final class PerSecondWindow {
    enum Combine {
        MIN,
        MAX,
        SUM;

        double of(double a, double b) {
            return switch (this) {
                case MIN -> Math.min(a, b);
                case MAX -> Math.max(a, b);
                case SUM -> a + b;
            };
        }
    }

    private static final long NS_PER_S = 1_000_000_000L;
    private final Combine combine;
    private final double[] buckets;
    private final double empty;
    private long currentSecond = Long.MIN_VALUE;
    /** {@code slot(currentSecond)}, kept so that an add within the current second needs no division. */
    private int currentSlot;
    /** Bumped whenever a bucket's bits or the current second change. */
    private long version;

    private long valueVersion = -1;
    private double cachedValue;

    /** Bucket values up to this magnitude count as whole numbers for {@link #wholeSum}. */
    private static final double WHOLE_LIMIT = 0x1p40;
    /**
     * A SUM window's buckets added up as a long, kept while every bucket holds a whole number of at
     * most {@link #WHOLE_LIMIT} in magnitude (counts, such as compaction passes): then every partial
     * sum of {@link #value()}'s loop is a whole number far below 2^53, each of its additions is exact,
     * and its result is this sum, the same bits (+0.0 for none), in any order.
     */
    private long wholeSum;

    private boolean whole = true;
    /** Changes when the current second moves on, and on {@link #clear()}: the other seconds' buckets stay as they are until then. */
    private long secondVersion;

    PerSecondWindow(int seconds, Combine combine) {
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds must be at least 1, got " + seconds);
        }
        this.combine = combine;
        this.buckets = new double[seconds];
        this.empty = switch (combine) {
            case MIN -> Double.POSITIVE_INFINITY;
            case MAX -> Double.NEGATIVE_INFINITY;
            case SUM -> 0;
        };
        Arrays.fill(buckets, empty);
    }

    /** Folds a value observed at {@code timeNs} into its second. */
    void add(long timeNs, double value) {
        long second = Math.floorDiv(timeNs, NS_PER_S);
        if (second != currentSecond) {
            if (currentSecond != Long.MIN_VALUE) {
                long passed = Math.min(buckets.length, second - currentSecond);
                for (long k = 1; k <= passed; k++) {
                    int j = slot(currentSecond + k);
                    if (combine == Combine.SUM && whole) {
                        wholeSum -= (long) buckets[j];
                    }
                    buckets[j] = empty;
                }
            }
            currentSecond = second;
            currentSlot = slot(second);
            version++;
            secondVersion++;
        }
        int i = currentSlot;
        double b = combine.of(buckets[i], value);
        if (combine == Combine.SUM && whole) {
            if (isWhole(value) && isWhole(b)) {
                wholeSum += (long) value;
            } else {
                whole = false; // until the next clear(): value() adds the buckets up
            }
        }
        if (Double.doubleToRawLongBits(b) != Double.doubleToRawLongBits(buckets[i])) {
            boolean wasCurrent = valueVersion == version;
            buckets[i] = b;
            version++;
            if (wasCurrent && combine == Combine.MIN) {
                // the bucket only went down: the minimum over the window is the old one or b, in any
                // order (Math.min orders NaN and -0.0 the same whichever comes first)
                cachedValue = Math.min(cachedValue, b);
                valueVersion = version;
            }
        }
    }

    /** The window's length in seconds. */
    int seconds() {
        return buckets.length;
    }

    /** Two buckets' values combined as this window combines them (min, max or sum). */
    double combine(double a, double b) {
        return combine.of(a, b);
    }

    /** Changes whenever anything {@link #value()} or {@link #value(int, int)} reads changes. */
    long version() {
        return version;
    }

    /**
     * The lowest value (MIN: +infinity when none), the highest (MAX: -infinity when none) or the sum
     * (SUM: 0 when none) over the window.
     */
    double value() {
        if (combine == Combine.SUM && whole) {
            return (double) wholeSum;
        }
        if (valueVersion == version) {
            return cachedValue;
        }
        double v = empty;
        for (double b : buckets) {
            v = combine.of(v, b);
        }
        cachedValue = v;
        valueVersion = version;
        return v;
    }

    /**
     * The aggregate over the seconds {@code fromAgo} (inclusive) to {@code toAgo} (exclusive) before
     * the current one (0 is the current second), both within the window.
     */
    double value(int fromAgo, int toAgo) {
        if (fromAgo < 0 || toAgo > buckets.length || fromAgo >= toAgo) {
            throw new IllegalArgumentException("seconds " + fromAgo + ".." + toAgo + " are not in the window");
        }
        double v = empty;
        if (currentSecond == Long.MIN_VALUE) {
            return v;
        }
        // slot(currentSecond - k), stepped down without a division per bucket; one loop per
        // aggregate (the same operations in the same order as combine.of per bucket)
        int i = slot(currentSecond - fromAgo), last = buckets.length - 1;
        switch (combine) {
            case MIN -> {
                for (int k = fromAgo; k < toAgo; k++) {
                    v = Math.min(v, buckets[i]);
                    i = i == 0 ? last : i - 1;
                }
            }
            case MAX -> {
                for (int k = fromAgo; k < toAgo; k++) {
                    v = Math.max(v, buckets[i]);
                    i = i == 0 ? last : i - 1;
                }
            }
            case SUM -> {
                for (int k = fromAgo; k < toAgo; k++) {
                    v = v + buckets[i];
                    i = i == 0 ? last : i - 1;
                }
            }
        }
        return v;
    }

    /**
     * How many seconds before the current one the lowest bucket of a MIN window lies (0: the current
     * second; ties: the oldest); -1 when the window holds nothing.
     */
    int agoOfMin() {
        if (combine != Combine.MIN) {
            throw new IllegalStateException("agoOfMin needs a MIN window");
        }
        if (currentSecond == Long.MIN_VALUE) {
            return -1;
        }
        int best = -1;
        double low = Double.POSITIVE_INFINITY;
        int i = slot(currentSecond);
        for (int k = 0; k < buckets.length; k++) {
            if (buckets[i] <= low && buckets[i] != Double.POSITIVE_INFINITY) {
                low = buckets[i];
                best = k;
            }
            i = i == 0 ? buckets.length - 1 : i - 1;
        }
        return best;
    }

    /**
     * Changes when the current second moves on (and on {@link #clear()}); while it stays, only the
     * current second's bucket changes ({@link #current()}), and a MIN window's only goes down.
     */
    long secondVersion() {
        return secondVersion;
    }

    /** The current second's bucket (the empty value before the first add). */
    double current() {
        return currentSecond == Long.MIN_VALUE ? empty : buckets[currentSlot];
    }

    void clear() {
        secondVersion++;
        Arrays.fill(buckets, empty);
        wholeSum = 0;
        whole = true;
        currentSecond = Long.MIN_VALUE;
        version++;
    }

    private static boolean isWhole(double v) {
        return Math.abs(v) <= WHOLE_LIMIT && v == Math.rint(v);
    }

    private int slot(long second) {
        return (int) Math.floorMod(second, (long) buckets.length);
    }
}
