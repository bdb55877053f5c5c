package kos.insights.forecast;

import java.util.List;

/**
 * The features of one usage series at its latest sample, computed online from what was observed
 * so far (never from the future or the generator's hidden demand): recent values, two moving
 * averages, an internal Holt-Winters forecast, "the same time yesterday" (the values, and their
 * mean over a few seconds around it, which the noise disturbs less), all as log ratios to the
 * current value so one model serves series of any scale; the recent and the long-run volatility
 * of the 1 s changes (how noisy this series is); the time of day and hour.
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
            "ysmooth_1",
            "ysmooth_10",
            "ysmooth_now",
            "volatility",
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
    /** Half-width, in samples, of the window averaged around "the same time yesterday". */
    static final int SMOOTH = 3;

    private final double[] ring, logRing;
    private double vol;
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
        this.logRing = new double[season + 16];
        this.hw = new HoltWinters(season, 0.5, 0, 0.2);
    }

    public void observe(double v) {
        int at = (int) (n % ring.length);
        double lv = log(v);
        if (n > 0) {
            double d = lv - logRing[(int) ((n - 1) % ring.length)];
            vol = 0.99 * vol + 0.01 * d * d;
        }
        ring[at] = v;
        logRing[at] = lv;
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
        return log(a) - log(b);
    }

    private double log(double v) {
        return StrictMath.log(Math.max(0, v) + eps);
    }

    private double logBack(int back) {
        return logRing[(int) ((n - 1 - back) % ring.length)];
    }

    /** The mean of yesterday's values within {@link #SMOOTH} samples of {@code ahead} samples from now. */
    private double yesterdayMean(int ahead) {
        double s = 0;
        for (int d = -SMOOTH; d <= SMOOTH; d++) {
            s += back((int) Math.min(season - ahead + d, n - 1));
        }
        return s / (2 * SMOOTH + 1);
    }

    /** The inverse of {@link #ratio}: the value whose ratio to {@code base} is {@code r}. */
    public double unratio(double r, double base) {
        return Math.max(0, (Math.max(0, base) + eps) * StrictMath.exp(r) - eps);
    }

    /**
     * Writes the features ({@link #NAMES} order) into {@code x}. Needs {@link #ready()}. Every
     * ratio is a difference of logs, and each observed value's log is taken once when observed.
     */
    public void features(double[] x) {
        double lv = logBack(0);
        x[0] = logBack(1) - lv;
        x[1] = logBack(2) - lv;
        x[2] = logBack(3) - lv;
        x[3] = logBack(5) - lv;
        x[4] = logBack(10) - lv;
        x[5] = log(fast.level()) - lv;
        x[6] = log(slow.level()) - lv;
        x[7] = log(hw.forecast(1)) - lv;
        x[8] = log(hw.forecast(10)) - lv;
        double yNow = logBack(season);
        x[9] = logBack(season - 1) - yNow;
        x[10] = logBack(season - 10) - yNow;
        x[11] = yNow - lv;
        double sNow = log(yesterdayMean(0));
        x[12] = log(yesterdayMean(1)) - sNow;
        x[13] = log(yesterdayMean(10)) - sNow;
        x[14] = sNow - lv;
        x[15] = Math.sqrt(vol);
        double day = (double) (n % season) / season, hour = day * 24 - Math.floor(day * 24);
        x[16] = StrictMath.sin(2 * Math.PI * day);
        x[17] = StrictMath.cos(2 * Math.PI * day);
        x[18] = StrictMath.sin(2 * Math.PI * hour);
        x[19] = StrictMath.cos(2 * Math.PI * hour);
        x[20] = cpu ? 1 : 0;
        x[21] = machine ? 1 : 0;
    }
}
