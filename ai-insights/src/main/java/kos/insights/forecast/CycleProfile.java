package kos.insights.forecast;

/**
 * A series' expected curve from its past days, as a trend plus an hourly component, estimated
 * online. The hourly pattern repeats every {@code cycle} samples (the smallest whole number of
 * samples holding whole hours: 25 for a 300-sample day, two 12.5-sample hours), so a centred moving
 * average over one cycle removes it exactly and leaves the day's trend, with the noise of
 * {@code cycle} samples averaged away. The trend is kept per position of the day over the past
 * days (like {@link SeriesFeatures}' profile, never holding today's values near now); the hourly
 * component, each sample's excess over its trend, is pooled per position of the cycle over every
 * cycle seen so far (the same pattern every hour, so a day holds many of them). Additive, in the
 * series' own units: the generators add their hourly ripple or spike to the level. Observation
 * allocates nothing.
 */
final class CycleProfile {
    /** The hourly component's weight of a new cycle once it has seen {@code 1 / HOURLY_WEIGHT} of them. */
    static final double HOURLY_WEIGHT = 0.05;

    private final int season, cycle, half, lead;
    private final double[] window, trendRing, trend, hourly;
    private final long[] hourlySeen;
    private double sum;
    private long n;

    /**
     * @param season samples per day (more than {@code lead})
     * @param lead   how far ahead of now the trend profile holds yesterday
     */
    CycleProfile(int season, int lead) {
        this.season = season;
        int c = season / gcd(season, 24);
        // a day too short for whole cycles (or with no whole-hour cycle shorter than it): no hourly pooling
        this.cycle = lead + c <= season ? c : 1;
        this.half = (cycle - 1) / 2;
        this.lead = lead;
        if (lead >= season) {
            throw new IllegalArgumentException("a day of " + season + " samples is too short");
        }
        this.window = new double[cycle];
        this.trendRing = new double[season];
        this.trend = new double[season];
        this.hourly = new double[cycle];
        this.hourlySeen = new long[cycle];
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    void observe(double v) {
        int at = (int) (n % cycle);
        if (n >= cycle) {
            sum -= window[at];
        }
        window[at] = v;
        sum += v;
        n++;
        if (n >= cycle) {
            // the window holds samples n - cycle .. n - 1; its mean is the trend at its centre
            long c = n - cycle + half;
            double ma = sum / cycle;
            if (n == cycle) {
                for (long i = 0; i < c; i++) {
                    setTrend(i, ma, window[(int) (i % cycle)]);
                }
            }
            setTrend(c, ma, window[(int) (c % cycle)]);
        }
        fold();
    }

    private void setTrend(long index, double ma, double value) {
        trendRing[(int) (index % season)] = ma;
        int pos = (int) (index % cycle);
        long k = ++hourlySeen[pos];
        double w = Math.max(HOURLY_WEIGHT, 1.0 / k);
        hourly[pos] += w * (value - ma - hourly[pos]);
    }

    /** Folds the trend of one day before (latest + lead) into the day's trend profile. */
    private void fold() {
        long from = n - 1 + lead - season;
        if (from < 0) {
            return;
        }
        double t = trendRing[(int) (from % season)];
        int pos = (int) (from % season);
        long days = from / season + 1;
        double w = Math.max(SeriesFeatures.PROFILE_WEIGHT, 1.0 / days);
        trend[pos] = days == 1 ? t : (1 - w) * trend[pos] + w * t;
    }

    /** The expected value {@code ahead} samples after the latest (0..lead): past days' trend plus the hourly component. */
    double curve(int ahead) {
        long t = n - 1 + ahead;
        return trend[(int) (t % season)] + hourly[(int) (t % cycle)];
    }
}
