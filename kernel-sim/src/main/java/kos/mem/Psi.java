package kos.mem;

/**
 * Memory pressure stall averages with the kernel's fixed-point arithmetic (kernel/sched/psi.c):
 * every 2 s period, {@code pct = stall_ns * 100 / period_ns * 2048}, then for each window
 * {@code avg = (avg*e + pct*(2048-e) + (pct >= avg ? 2047 : 0)) / 2048} with e = 1677 (10 s),
 * 1981 (60 s), 2034 (300 s). Averages are percentages in FIXED_1 = 2048 units.
 */
public final class Psi {
    public static final long PERIOD_NS = 2_000_000_000L;
    static final long FIXED_1 = 2048;
    static final long[] EXP = {1677, 1981, 2034};

    private final long[] avg = new long[3];
    private long totalNs;

    /** Folds one period's stall time (clamped to [0, period]) into the averages. */
    public void update(long stallNs, long periodNs) {
        long s = Math.max(0, Math.min(stallNs, periodNs));
        totalNs += s;
        long pct = s * 100 / periodNs * FIXED_1;
        for (int i = 0; i < 3; i++) {
            long a = avg[i];
            avg[i] = (a * EXP[i] + pct * (FIXED_1 - EXP[i]) + (pct >= a ? FIXED_1 - 1 : 0)) / FIXED_1;
        }
    }

    /** Raw fixed-point average for window 0 (10 s), 1 (60 s) or 2 (300 s). */
    public long raw(int window) {
        return avg[window];
    }

    /** The average as a percentage (0..100). */
    public double percent(int window) {
        return avg[window] / (double) FIXED_1;
    }

    /** Stall time folded in so far, ns. */
    public long totalNs() {
        return totalNs;
    }

    /** The kernel's print form: integer part and two truncated decimals, e.g. {@code 18.11}. */
    public String format(int window) {
        long a = avg[window];
        return (a >> 11) + "." + String.format("%02d", ((a & 2047) * 100) >> 11);
    }
}
