package kos.insights.crash;

import java.util.List;

/**
 * Fits a {@link LogisticModel} by full-batch Adam (beta1 0.9, beta2 0.999, epsilon 1e-8) on the
 * weighted mean log loss with a small L2 penalty (not on the bias). Adam rather than plain gradient
 * descent because the features differ in scale and sparsity (a count that is non-zero in 1% of
 * samples beside a level that always is): one learning rate cannot suit both, and plain descent
 * stopped far from the optimum in 1500 steps. Deterministic: the same examples in the same order
 * give the same weights. Sized for the crash predictor's data (around 10^5 samples, a few dozen features).
 */
public final class LogisticFit {
    private LogisticFit() {}

    /**
     * @param names    feature names
     * @param x        examples, each with {@code names.size()} values
     * @param y        labels, 0 or 1
     * @param weightOfPositive multiplies the loss of positive examples (crash samples are rare)
     * @param l2       L2 penalty
     * @param steps    gradient steps
     * @param lr       Adam's step size (0.05 suits features scaled to [0, 1])
     */
    public static LogisticModel fit(
            List<String> names, double[][] x, int[] y, double weightOfPositive, double l2, int steps, double lr) {
        int d = names.size(), n = x.length;
        if (n == 0) {
            throw new IllegalArgumentException("no examples to fit");
        }
        double[] w = new double[d], g = new double[d];
        double[] m = new double[d + 1], v = new double[d + 1]; // Adam's moments; the bias is the last entry
        double b = 0;
        double totalWeight = 0;
        for (int yi : y) {
            totalWeight += yi == 1 ? weightOfPositive : 1;
        }
        for (int step = 0; step < steps; step++) {
            java.util.Arrays.fill(g, 0);
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double z = b;
                for (int j = 0; j < d; j++) {
                    z += w[j] * x[i][j];
                }
                double err = (LogisticModel.sigmoid(z) - y[i]) * (y[i] == 1 ? weightOfPositive : 1);
                for (int j = 0; j < d; j++) {
                    g[j] += err * x[i][j];
                }
                gb += err;
            }
            double c1 = 1 - Math.pow(0.9, step + 1), c2 = 1 - Math.pow(0.999, step + 1);
            for (int j = 0; j <= d; j++) {
                double grad = j < d ? g[j] / totalWeight + l2 * w[j] : gb / totalWeight;
                m[j] = 0.9 * m[j] + 0.1 * grad;
                v[j] = 0.999 * v[j] + 0.001 * grad * grad;
                double delta = lr * (m[j] / c1) / (Math.sqrt(v[j] / c2) + 1e-8);
                if (j < d) {
                    w[j] -= delta;
                } else {
                    b -= delta;
                }
            }
        }
        return new LogisticModel(names, w, b);
    }
}
