package kos.llm.backend;

import java.util.Arrays;
import kos.sim.KosException;

/**
 * A softmax (multinomial logistic) regression over sentence embeddings, trained by full-batch
 * gradient descent in a fixed order with classes weighted by inverse frequency: the same examples
 * give the same weights. Used by the request-kind head ({@link KindHead}) and the intent head of
 * the embedded backend.
 */
final class Softmax {
    private final double[][] w; // [class][dim + 1], the last column is the bias

    private Softmax(double[][] w) {
        this.w = w;
    }

    static Softmax train(float[][] x, int[] y, int classes, int epochs, double step, double l2) {
        if (x.length == 0 || x.length != y.length) {
            throw new KosException("a softmax head needs at least one labelled example");
        }
        int d = x[0].length, n = x.length;
        double[] classWeight = new double[classes];
        for (int c : y) {
            classWeight[c]++;
        }
        for (int c = 0; c < classes; c++) {
            classWeight[c] = classWeight[c] == 0 ? 0 : n / (classes * classWeight[c]);
        }
        double[][] w = new double[classes][d + 1];
        double[][] grad = new double[classes][d + 1];
        double[] p = new double[classes];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (double[] g : grad) {
                Arrays.fill(g, 0);
            }
            for (int i = 0; i < n; i++) {
                probabilities(w, x[i], p);
                double cw = classWeight[y[i]];
                for (int c = 0; c < classes; c++) {
                    double err = cw * (p[c] - (c == y[i] ? 1 : 0));
                    for (int j = 0; j < d; j++) {
                        grad[c][j] += err * x[i][j];
                    }
                    grad[c][d] += err;
                }
            }
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j <= d; j++) {
                    w[c][j] -= step * (grad[c][j] / n + (j < d ? l2 * w[c][j] : 0));
                }
            }
        }
        return new Softmax(w);
    }

    /** The probability of each class. */
    double[] classify(float[] x) {
        double[] p = new double[w.length];
        probabilities(w, x, p);
        return p;
    }

    /** The share of {@code x} classified as {@code y}. */
    double accuracy(float[][] x, int[] y) {
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            right += argmax(classify(x[i])) == y[i] ? 1 : 0;
        }
        return x.length == 0 ? 0 : (double) right / x.length;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void probabilities(double[][] w, float[] x, double[] p) {
        int d = x.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double z = w[c][d];
            for (int j = 0; j < d; j++) {
                z += w[c][j] * x[j];
            }
            p[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            p[c] = StrictMath.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < w.length; c++) {
            p[c] /= sum;
        }
    }
}
