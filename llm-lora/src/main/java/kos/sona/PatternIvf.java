package kos.sona;

import java.util.Arrays;
import java.util.SplittableRandom;
import kos.sim.KosException;
import kos.simd.FloatKernels;

/**
 * An exact inverted-file (IVF) index for nearest-pattern search over many vectors: the vectors are
 * clustered into {@code lists} cells by Lloyd's k-means (seeded, a fixed number of iterations),
 * each cell stored contiguously with its centroid and radius (the largest distance of a member to
 * the centroid). A query scores every centroid in one {@code matVec}, orders the cells by the lower
 * bound {@code max(0, |q - c| - radius)} that the triangle inequality gives for any member, and
 * scans cells in that order until the next bound exceeds the best distance found; the bounds are
 * widened by a float rounding allowance, so no cell that could hold a nearer (or equally near,
 * lower-numbered) vector is ever skipped.
 *
 * <p>The answer is therefore exactly {@link PatternIndex#nearest}'s over the same vectors in the
 * same order: every member's score is the same {@code fma(-2, q.x, |x|^2)} on the same kernels
 * (whose {@code matVec} rows are bit-identical to {@code dot}) and ties go to the lower original
 * index. How much is skipped depends on the data: on clustered vectors most cells are pruned; on
 * uniform random vectors in 64 dimensions distances concentrate and almost nothing is (the bound
 * {@code |q - c| - radius} is then below every member's distance), so the scan approaches brute
 * force plus the centroid pass. Allocation-free per query; not thread-safe.
 */
public final class PatternIvf {
    private static final double UNIT_ROUNDOFF = 0x1p-24;

    private final FloatKernels k;
    private final int dim, n, lists;
    private final float[] rows, norms, centroids, centroidNorms;
    private final int[] ids, start;
    private final double[] radius;
    private final double maxLen;
    private final float[] centroidDots, memberDots;
    private final long[] order;
    private long scanned, queries;

    private PatternIvf(
            FloatKernels k,
            int dim,
            int n,
            int lists,
            float[] rows,
            float[] norms,
            int[] ids,
            int[] start,
            float[] centroids,
            double[] radius,
            double maxLen) {
        this.k = k;
        this.dim = dim;
        this.n = n;
        this.lists = lists;
        this.rows = rows;
        this.norms = norms;
        this.ids = ids;
        this.start = start;
        this.centroids = centroids;
        this.radius = radius;
        this.maxLen = maxLen;
        centroidNorms = new float[lists];
        for (int c = 0; c < lists; c++) {
            centroidNorms[c] = k.dot(centroids, c * dim, centroids, c * dim, dim);
        }
        int largest = 0;
        for (int c = 0; c < lists; c++) {
            largest = Math.max(largest, start[c + 1] - start[c]);
        }
        centroidDots = new float[lists];
        memberDots = new float[Math.max(1, largest)];
        order = new long[lists];
    }

    /**
     * Builds an index over {@code n} row-major vectors of {@code dim} floats at {@code data[off..]}
     * (copied) with {@code lists} cells ({@code 0} chooses {@code round(sqrt(10 n))}: 1,000 cells of about 100 at
     * 100K, so the centroid pass and a cell's scan cost about the same) and
     * {@code iterations} Lloyd iterations (stopping early when no assignment changes), the initial
     * centroids a seeded sample of distinct vectors.
     */
    public static PatternIvf build(
            FloatKernels k, float[] data, int off, int n, int dim, int lists, int iterations, SplittableRandom r) {
        if (n < 1 || dim < 1) {
            throw new KosException("pattern IVF: needs at least one vector of positive dimension");
        }
        if (lists < 0 || iterations < 0) {
            throw new KosException("pattern IVF: lists and iterations must not be negative");
        }
        if (off < 0 || (long) off + (long) n * dim > data.length) {
            throw new KosException("pattern IVF: " + n + " x " + dim + " floats do not fit the array");
        }
        int c = (int) Math.min(n, lists == 0 ? Math.max(1, Math.round(Math.sqrt(10.0 * n))) : lists);
        float[] cent = new float[c * dim];
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int j = 0; j < c; j++) {
            int pick = j + r.nextInt(n - j);
            int t = perm[j];
            perm[j] = perm[pick];
            perm[pick] = t;
            System.arraycopy(data, off + perm[j] * dim, cent, j * dim, dim);
        }
        int[] assign = new int[n];
        Arrays.fill(assign, -1);
        float[] cn = new float[c], dots = new float[c];
        double[] acc = new double[c * dim];
        int[] sizes = new int[c];
        for (int it = 0; it <= iterations; it++) {
            for (int j = 0; j < c; j++) {
                cn[j] = k.dot(cent, j * dim, cent, j * dim, dim);
            }
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                k.matVec(cent, 0, c, dim, data, off + i * dim, dots, 0);
                int best = 0;
                float bd = Float.POSITIVE_INFINITY;
                for (int j = 0; j < c; j++) {
                    float d = Math.fma(-2f, dots[j], cn[j]);
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
            if (!changed || it == iterations) {
                break;
            }
            KMeansPlusPlus.updateCentroids(data, off, n, dim, assign, c, acc, sizes, cent);
        }
        Arrays.fill(sizes, 0);
        for (int i = 0; i < n; i++) {
            sizes[assign[i]]++;
        }
        int[] st = new int[c + 1];
        for (int j = 0; j < c; j++) {
            st[j + 1] = st[j] + sizes[j];
        }
        int[] fill = Arrays.copyOf(st, c);
        float[] rows = new float[n * dim], norms = new float[n];
        int[] ids = new int[n];
        double[] rad = new double[c];
        double maxLen = 0;
        for (int i = 0; i < n; i++) {
            int j = assign[i], s = fill[j]++;
            System.arraycopy(data, off + i * dim, rows, s * dim, dim);
            ids[s] = i;
            norms[s] = k.dot(rows, s * dim, rows, s * dim, dim);
            double d2 = 0, len2 = 0;
            for (int d = 0; d < dim; d++) {
                double x = rows[s * dim + d], v = x - cent[j * dim + d];
                d2 += v * v;
                len2 += x * x;
            }
            rad[j] = Math.max(rad[j], Math.sqrt(d2));
            maxLen = Math.max(maxLen, Math.sqrt(len2));
        }
        for (int j = 0; j < c; j++) {
            double len2 = 0;
            for (int d = 0; d < dim; d++) {
                len2 += (double) cent[j * dim + d] * cent[j * dim + d];
            }
            maxLen = Math.max(maxLen, Math.sqrt(len2));
            rad[j] = rad[j] * (1 + 1e-9) + 1e-12; // the double sums' own rounding, outward
        }
        return new PatternIvf(k, dim, n, c, rows, norms, ids, st, cent, rad, maxLen);
    }

    /**
     * The index (in build order) of the vector nearest to {@code q[off..off+dim)} by squared
     * Euclidean distance, ties to the lower index: the same answer as {@link PatternIndex#nearest}.
     */
    public int nearest(float[] q, int off) {
        float qn = k.dot(q, off, q, off, dim);
        double qLen = Math.sqrt(qn);
        // the scores |x|^2 - 2 q.x carry float rounding of at most about (dim + 2) u (|q| + |x|)^2;
        // twice that (for the centroid's score and a member's) with a factor 2 to spare
        double tol = 4 * (dim + 2) * UNIT_ROUNDOFF * (qLen + maxLen) * (qLen + maxLen);
        k.matVec(centroids, 0, lists, dim, q, off, centroidDots, 0);
        for (int c = 0; c < lists; c++) {
            double d2 = (double) Math.fma(-2f, centroidDots[c], centroidNorms[c]) + qn - tol;
            double lb = Math.max(0, Math.sqrt(Math.max(0, d2)) - radius[c]);
            order[c] = ((long) Float.floatToRawIntBits((float) lb) << 32) | c;
        }
        Arrays.sort(order);
        int best = -1;
        float bd = Float.POSITIVE_INFINITY;
        for (int o = 0; o < lists; o++) {
            int c = (int) order[o];
            double lb = Float.intBitsToFloat((int) (order[o] >>> 32));
            // (float) lb rounds to nearest: shave one float ulp back off before comparing
            lb = Math.max(0, lb - Math.ulp((float) lb));
            if (best >= 0 && lb * lb - qn > bd + tol) {
                break;
            }
            int s0 = start[c], m = start[c + 1] - s0;
            if (m == 0) {
                continue;
            }
            k.matVec(rows, s0 * dim, m, dim, q, off, memberDots, 0);
            scanned += m;
            for (int i = 0; i < m; i++) {
                float d = Math.fma(-2f, memberDots[i], norms[s0 + i]);
                int id = ids[s0 + i];
                if (d < bd || (d == bd && id < best)) {
                    bd = d;
                    best = id;
                }
            }
        }
        queries++;
        return best;
    }

    public int size() {
        return n;
    }

    public int dim() {
        return dim;
    }

    public int lists() {
        return lists;
    }

    /** Members of cell {@code c}. */
    public int listSize(int c) {
        return start[c + 1] - start[c];
    }

    /** The mean number of vectors scored per query so far (0 before the first). */
    public double meanScanned() {
        return queries == 0 ? 0 : (double) scanned / queries;
    }
}
