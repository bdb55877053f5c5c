package kos.insights.crash;

/**
 * A {@link LogisticModel}'s probability that skips the features whose weight is zero, with the same
 * bits as {@link LogisticModel#probability}. Why the bits agree: for a finite feature value a zero
 * weight adds a zero product, which leaves the running sum as it is, except that it may turn a
 * running sum of -0.0 into +0.0; that only changes the sign of a sum that ends at zero, and the
 * sigmoid of either zero is 0.5. A non-finite value times zero is NaN, which the model's own sum
 * would carry: when a skipped feature is not finite the model's own loop runs. The shipped
 * page-cache pressure model has 24 zero weights of 28 (its hand-set defaults), and the crash
 * monitor scores it on every sample.
 */
final class SparseLogistic {
    private final LogisticModel model;
    private final double bias;
    private final double[] weights;
    /** Indexes of the non-zero weights, in order, and of the zero ones. */
    private final int[] used, skipped;

    SparseLogistic(LogisticModel model) {
        this.model = model;
        this.bias = model.bias();
        this.weights = model.weights();
        int n = 0;
        for (double w : weights) {
            n += w != 0 ? 1 : 0;
        }
        used = new int[n];
        skipped = new int[weights.length - n];
        for (int i = 0, u = 0, s = 0; i < weights.length; i++) {
            if (weights[i] != 0) {
                used[u++] = i;
            } else {
                skipped[s++] = i;
            }
        }
    }

    double probability(double[] x) {
        // Whether every skipped value is finite, in one test: their sum times zero is 0 when they all
        // are, NaN when one is not (or when the sum overflows: then the model's own loop runs too).
        double a = 0, b = 0;
        int k = 0;
        for (; k + 1 < skipped.length; k += 2) {
            a += x[skipped[k]];
            b += x[skipped[k + 1]];
        }
        if (k < skipped.length) {
            a += x[skipped[k]];
        }
        double probe = (a + b) * 0.0;
        if (probe != probe) {
            return model.probability(x);
        }
        double z = bias;
        for (int i : used) {
            z += weights[i] * x[i];
        }
        return LogisticModel.sigmoid(z);
    }
}
