package kos.insights.forecast;

import java.util.List;

/**
 * The features of one usage series at its latest sample, computed online from what was observed
 * so far (never from the future or the generator's hidden demand): recent values, two moving
 * averages, an internal Holt-Winters forecast and "the same time yesterday", all as log ratios to
 * the current value so one model serves series of any scale, plus the time of day and hour.
 *
 * <p>{@code season} is the day length in samples (the operator knows the period of the pattern,
 * as Holt-Winters must too). Observation allocates nothing.
 */
public final class SeriesFeatures {
    public static final List<String> NAMES = List.of(
            "lag1",
            "lag2",
            "lag3",
            "lag5",
            "lag10",
            "ewma_fast",
            "ewma_slow",
            "hw_1",
            "hw_10",
            "yday_1",
            "yday_10",
            "yday_now",
            "day_sin",
            "day_cos",
            "hour_sin",
            "hour_cos",
            "is_cpu",
            "is_machine");
    public static final List<String> LABELS = List.of("ahead_1s", "ahead_10s");
    /** The horizons of the labels, in samples (seconds). */
    public static final int[] HORIZONS = {1, 10};

    private final int season;
    private final double eps;
    private final boolean cpu, machine;
    private final double[] ring;
    private final Forecaster.Ewma fast = new Forecaster.Ewma(0.3), slow = new Forecaster.Ewma(0.05);
    private final HoltWinters hw;
    private long n;

    /**
     * @param season  samples per day
     * @param cpu     a CPU series (in CPUs), else memory (in MiB)
     * @param machine the machine's total, else one task's
     */
    public SeriesFeatures(int season, boolean cpu, boolean machine) {
        this.season = season;
        this.cpu = cpu;
        this.machine = machine;
        this.eps = cpu ? 0.02 : 1.0;
        this.ring = new double[season + 16];
        this.hw = new HoltWinters(season, 0.5, 0, 0.2);
    }

    public void observe(double v) {
        ring[(int) (n % ring.length)] = v;
        fast.observe(v);
        slow.observe(v);
        hw.observe(v);
        n++;
    }

    /** Whether a full day has been seen (the features are defined from then on). */
    public boolean ready() {
        return n > season;
    }

    /** The value {@code back} samples before the latest (0 = latest). */
    public double back(int back) {
        return ring[(int) ((n - 1 - back) % ring.length)];
    }

    /** ln((a + eps) / (b + eps)): the ratio scale of features and labels. */
    public double ratio(double a, double b) {
        return StrictMath.log((Math.max(0, a) + eps) / (Math.max(0, b) + eps));
    }

    /** The inverse of {@link #ratio}: the value whose ratio to {@code base} is {@code r}. */
    public double unratio(double r, double base) {
        return Math.max(0, (Math.max(0, base) + eps) * StrictMath.exp(r) - eps);
    }

    /** Writes the features ({@link #NAMES} order) into {@code x}. Needs {@link #ready()}. */
    public void features(double[] x) {
        double v = back(0);
        x[0] = ratio(back(1), v);
        x[1] = ratio(back(2), v);
        x[2] = ratio(back(3), v);
        x[3] = ratio(back(5), v);
        x[4] = ratio(back(10), v);
        x[5] = ratio(fast.level(), v);
        x[6] = ratio(slow.level(), v);
        x[7] = ratio(hw.forecast(1), v);
        x[8] = ratio(hw.forecast(10), v);
        double yNow = back(season);
        x[9] = ratio(back(season - 1), yNow);
        x[10] = ratio(back(season - 10), yNow);
        x[11] = ratio(yNow, v);
        double day = (double) (n % season) / season, hour = day * 24 - Math.floor(day * 24);
        x[12] = StrictMath.sin(2 * Math.PI * day);
        x[13] = StrictMath.cos(2 * Math.PI * day);
        x[14] = StrictMath.sin(2 * Math.PI * hour);
        x[15] = StrictMath.cos(2 * Math.PI * hour);
        x[16] = cpu ? 1 : 0;
        x[17] = machine ? 1 : 0;
    }
}
