package kos.sona;

import java.util.Arrays;
import java.util.SplittableRandom;
import kos.simd.FloatKernels;

/**
 * k-means with k-means++ seeding (Arthur and Vassilvitskii 2007) over {@code n} points of
 * {@code dim} floats, row-major. The first centre is a uniform draw, each next one a draw with
 * probability proportional to the squared distance to the nearest centre chosen so far; then
 * Lloyd iterations (assign to the nearest centre, ties to the lower index; move each centre to its
 * points' mean, an empty cluster keeps its centre) until no assignment changes or {@code maxIter}.
 * Deterministic for a given stream; distances by the kernels' {@code dot} in its fixed order.
 */
public final class KMeansPlusPlus {
    /** Centres ({@code k * dim}), each point's cluster, cluster sizes, and the iterations run. */
    public record Result(float[] centroids, int k, int[] assignment, int[] sizes, int iterations) {}

    private KMeansPlusPlus() {}

    public static Result cluster(
            FloatKernels kern, float[] x, int xOff, int n, int dim, int k, int maxIter, SplittableRandom random) {
        if (n <= 0 || dim <= 0) {
            throw new IllegalArgumentException("k-means needs points");
        }
        k = Math.min(k, n);
        float[] c = new float[k * dim];
        double[] d2 = new double[n];
        int first = random.nextInt(n);
        System.arraycopy(x, xOff + first * dim, c, 0, dim);
        for (int i = 0; i < n; i++) {
            d2[i] = dist2(kern, x, xOff + i * dim, c, 0, dim);
        }
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += d2[i];
            }
            int pick;
            if (total <= 0) {
                pick = random.nextInt(n);
            } else {
                double r = random.nextDouble() * total;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    r -= d2[i];
                    if (r < 0) {
                        pick = i;
                        break;
                    }
                }
            }
            System.arraycopy(x, xOff + pick * dim, c, j * dim, dim);
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], dist2(kern, x, xOff + i * dim, c, j * dim, dim));
            }
        }
        int[] assign = new int[n];
        Arrays.fill(assign, -1);
        int[] sizes = new int[k];
        double[] acc = new double[k * dim];
        int iter = 0;
        while (iter < maxIter) {
            iter++;
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bd = Double.POSITIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    double d = dist2(kern, x, xOff + i * dim, c, j * dim, dim);
                    if (d < bd) {
                        bd = d;
                        best = j;
                    }
                }
                if (assign[i] != best) {
                    assign[i] = best;
                    changed = true;
                }
            }
            updateCentroids(x, xOff, n, dim, assign, k, acc, sizes, c);
            if (!changed) {
                break;
            }
        }
        return new Result(c, k, assign, sizes, iter);
    }

    /** Squared Euclidean distance, {@code a.a - 2 a.b + b.b} would lose precision; the direct sum instead. */
    static double dist2(FloatKernels kern, float[] a, int aOff, float[] b, int bOff, int dim) {
        double s = 0;
        for (int d = 0; d < dim; d++) {
            double v = a[aOff + d] - b[bOff + d];
            s += v * v;
        }
        return s;
    }

    /**
     * Lloyd's update step: each centroid becomes the mean (summed in double, in point order) of the
     * points assigned to it; a centroid with no points keeps its place. {@code acc} and {@code sizes}
     * are scratch of {@code k * dim} and {@code k} entries.
     */
    static void updateCentroids(
            float[] x, int xOff, int n, int dim, int[] assign, int k, double[] acc, int[] sizes, float[] c) {
        Arrays.fill(acc, 0, k * dim, 0);
        Arrays.fill(sizes, 0, k, 0);
        for (int i = 0; i < n; i++) {
            int j = assign[i];
            sizes[j]++;
            for (int d = 0; d < dim; d++) {
                acc[j * dim + d] += x[xOff + i * dim + d];
            }
        }
        for (int j = 0; j < k; j++) {
            if (sizes[j] > 0) {
                for (int d = 0; d < dim; d++) {
                    c[j * dim + d] = (float) (acc[j * dim + d] / sizes[j]);
                }
            }
        }
    }
}
