package kos.insights.forecast;

/**
 * Additive Holt-Winters (triple exponential smoothing) with a season of {@code m} samples:
 * level, trend and one seasonal term per position of the season. The first season initialises it
 * (level = its mean, trend 0, seasonal terms = deviations from the mean); until then it forecasts
 * the last value. Forecast {@code h} ahead: {@code level + h * trend + season[(t + h) mod m]}.
 */
public final class HoltWinters implements Forecaster {
    private final double alpha, beta, gamma;
    private final double[] season;
    private final int m;
    private double level, trend, last, sum;
    private long n;

    public HoltWinters(int seasonLength, double alpha, double beta, double gamma) {
        if (seasonLength < 2) {
            throw new IllegalArgumentException("season must be at least 2 samples");
        }
        this.m = seasonLength;
        this.season = new double[seasonLength];
        this.alpha = alpha;
        this.beta = beta;
        this.gamma = gamma;
    }

    @Override
    public String name() {
        return "holt-winters";
    }

    public String params() {
        return "alpha=" + alpha + " beta=" + beta + " gamma=" + gamma + " season=" + m;
    }

    @Override
    public void observe(double y) {
        last = y;
        int idx = (int) (n % m);
        if (n < m) {
            season[idx] = y;
            sum += y;
            if (n == m - 1) {
                level = sum / m;
                for (int i = 0; i < m; i++) {
                    season[i] -= level;
                }
            }
        } else {
            double prev = level;
            level = alpha * (y - season[idx]) + (1 - alpha) * (level + trend);
            trend = beta * (level - prev) + (1 - beta) * trend;
            season[idx] = gamma * (y - level) + (1 - gamma) * season[idx];
        }
        n++;
    }

    /** Whether a full season has initialised it. */
    public boolean ready() {
        return n >= m;
    }

    @Override
    public double forecast(int h) {
        if (n < m) {
            return last;
        }
        return level + h * trend + season[(int) ((n - 1 + h) % m)];
    }
}
