package kos.insights.crash;

import java.util.List;

/**
 * Fits a {@link LogisticModel} by full-batch gradient descent on the mean log loss with a small L2
 * penalty (not on the bias). Deterministic: the same examples in the same order give the same
 * weights. Sized for the crash predictor's data (tens of thousands of samples, about ten features).
 */
public final class LogisticFit {
    private LogisticFit() {
    }

    /**
     * @param names    feature names
     * @param x        examples, each with {@code names.size()} values
     * @param y        labels, 0 or 1
     * @param weightOfPositive multiplies the loss of positive examples (crash samples are rare)
     * @param l2       L2 penalty
     * @param steps    gradient steps
     * @param lr       learning rate
     */
    public static LogisticModel fit(List<String> names, double[][] x, int[] y, double weightOfPositive, double l2, int steps, double lr) {
        int d = names.size(), n = x.length;
        if (n == 0) {
            throw new IllegalArgumentException("no examples to fit");
        }
        double[] w = new double[d], g = new double[d];
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
            for (int j = 0; j < d; j++) {
                w[j] -= lr * (g[j] / totalWeight + l2 * w[j]);
            }
            b -= lr * gb / totalWeight;
        }
        return new LogisticModel(names, w, b);
    }
}
