package kos.sona;

/**
 * REINFORCE with a baseline over a softmax choice among candidates. The model scores each candidate
 * with {@code p_i} (for the scheduler: predicted remaining burst, lower is better), the stochastic
 * policy it defines is {@code pi_i = softmax_i(-p_i / temperature)}, and for a step whose chosen
 * candidate is row 0 and whose reward is {@code r}, the loss {@code -(r - b) log pi_0} has gradient
 * <pre>  dL/dp_i = (r - b) (1[i = 0] - pi_i) / temperature  </pre>
 * where the baseline {@code b} is an exponential average of past rewards (rate {@link #rate()}),
 * updated after the advantage is taken so a step does not judge itself. The gradient sums to zero
 * over the candidates, so it moves the ranking, not the predictions' mean. Deterministic: softmax
 * with {@link StrictMath#exp}, fixed order. Allocation-free.
 */
public final class Reinforce {
    private final float temperature, rate;
    private double baseline;
    private boolean started;
    private long steps;

    /**
     * @param temperature softmax temperature in prediction units (positive)
     * @param rate        baseline averaging rate in (0, 1]
     */
    public Reinforce(float temperature, float rate) {
        if (!(temperature > 0) || !(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("temperature must be positive and rate in (0, 1]");
        }
        this.temperature = temperature;
        this.rate = rate;
    }

    /** The advantage {@code r - b} of a reward against the current baseline; then moves the baseline towards r. */
    public float advantage(float reward) {
        if (!started) {
            baseline = reward;
            started = true;
        }
        double a = reward - baseline;
        baseline += rate * (reward - baseline);
        steps++;
        return (float) a;
    }

    /**
     * Adds {@code scale * dL/dp} to {@code dp[0..n)} for the chosen row 0 and the given advantage;
     * {@code probs} is scratch of at least n floats.
     */
    public void addGradient(float[] p, int n, float advantage, float scale, float[] dp, float[] probs) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, -p[i] / temperature);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double e = StrictMath.exp(-p[i] / temperature - max);
            probs[i] = (float) e;
            sum += e;
        }
        for (int i = 0; i < n; i++) {
            double pi = probs[i] / sum;
            dp[i] += (float) (scale * advantage * ((i == 0 ? 1 : 0) - pi) / temperature);
        }
    }

    public double baseline() {
        return baseline;
    }

    public long steps() {
        return steps;
    }

    public float temperature() {
        return temperature;
    }

    public float rate() {
        return rate;
    }

    public void reset() {
        baseline = 0;
        started = false;
        steps = 0;
    }
}
