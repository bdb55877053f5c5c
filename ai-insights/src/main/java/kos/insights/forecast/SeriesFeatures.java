package kos.insights.forecast;

import java.util.List;

/**
 * The features of one usage series at its latest sample, computed online from what was observed
 * so far (never from the future or the generator's hidden demand): recent values, two moving
 * averages, an internal Holt-Winters forecast, "the same time yesterday" (the values, and their
 * mean over a few seconds around it, which the noise disturbs less), the past days' profile and
 * their trend plus hourly curve ({@link CycleProfile}), all as log ratios to the current value so
 * one model serves series of any scale; the volatility of the 1 s changes (how noisy this series
 * is); the time of day and hour.
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
            "prof_1",
            "prof_10",
            "prof_now",
            "curve_1",
            "curve_10",
            "curve_now",
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
    /**
     * The seasonal profile of the days before today: per position of the day, the mean of the
     * values seen there on earlier days (equal weights while there are few, then an EWMA of
     * {@link #PROFILE_WEIGHT}). Yesterday's value at a position is folded in {@link #PROFILE_LEAD}
     * samples before today reaches it, so the window the features read never holds today's values.
     */
    private final double[] profile;
    /** How far ahead of now the profile already holds yesterday (covers now - SMOOTH .. now + 10 + SMOOTH). */
    static final int PROFILE_LEAD = 14;
    /** The profile's weight of a new day once it holds {@code 1 / PROFILE_WEIGHT} days. */
    static final double PROFILE_WEIGHT = 1.0 / 3;
    /** Per position of the day: sin and cos of the time of day and of the hour (computed once). */
    private final double[] clock;

    /** The trend plus hourly component of the past days ({@link CycleProfile}). */
    private final CycleProfile curve;

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
        this.profile = new double[season];
        this.curve = new CycleProfile(season, PROFILE_LEAD);
        this.clock = new double[4 * season];
        for (int pos = 0; pos < season; pos++) {
            double day = (double) pos / season, hour = day * 24 - Math.floor(day * 24);
            clock[4 * pos] = StrictMath.sin(2 * Math.PI * day);
            clock[4 * pos + 1] = StrictMath.cos(2 * Math.PI * day);
            clock[4 * pos + 2] = StrictMath.sin(2 * Math.PI * hour);
            clock[4 * pos + 3] = StrictMath.cos(2 * Math.PI * hour);
        }
    }

    public void observe(double v) {
        int at = (int) (n % ring.length);
        double lv = log(v);
        if (n > 0) {
            double d = lv - logRing[(int) ((n - 1) % ring.length)];
            vol = 0.99 * vol + 0.01 * d * d;
        }
        fold();
        ring[at] = v;
        logRing[at] = lv;
        fast.observe(v);
        slow.observe(v);
        hw.observe(v);
        curve.observe(v);
        n++;
    }

    /**
     * Folds the value observed one day before sample {@code n + PROFILE_LEAD} into the profile at
     * that position (before today's sample {@code n} is stored: the ring still holds it).
     */
    private void fold() {
        long from = n + PROFILE_LEAD - season;
        if (from < 0) {
            return;
        }
        double v = ring[(int) (from % ring.length)];
        int pos = (int) (from % season);
        long days = from / season + 1;
        double w = Math.max(PROFILE_WEIGHT, 1.0 / days);
        profile[pos] = days == 1 ? v : (1 - w) * profile[pos] + w * v;
    }

    /** The mean of the profile within {@link #SMOOTH} samples of {@code ahead} samples from now. */
    private double profileMean(int ahead) {
        double s = 0;
        for (int d = -SMOOTH; d <= SMOOTH; d++) {
            s += profile[(int) ((n - 1 + ahead + d + season) % season)];
        }
        return s / (2 * SMOOTH + 1);
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

    /** The log scale of the ratios: ln(max(0, v) + eps). */
    public double logOf(double v) {
        return log(v);
    }

    /** The latest value on the log scale (taken when it was observed). */
    public double logLatest() {
        return logBack(0);
    }

    /** The inverse of {@link #logOf}. */
    public double unlog(double l) {
        return Math.max(0, StrictMath.exp(l) - eps);
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
        double pNow = log(profileMean(0));
        x[15] = log(profileMean(1)) - pNow;
        x[16] = log(profileMean(10)) - pNow;
        x[17] = pNow - lv;
        double cNow = log(curve.curve(0));
        x[18] = log(curve.curve(1)) - cNow;
        x[19] = log(curve.curve(10)) - cNow;
        x[20] = cNow - lv;
        x[21] = Math.sqrt(vol);
        int at = 4 * (int) (n % season);
        x[22] = clock[at];
        x[23] = clock[at + 1];
        x[24] = clock[at + 2];
        x[25] = clock[at + 3];
        x[26] = cpu ? 1 : 0;
        x[27] = machine ? 1 : 0;
    }
}
