package kos.sona;

import kos.sim.KosException;
import kos.simd.FloatKernels;

/**
 * Exact nearest-vector search that reads a quarter of the bytes: a byte-coded copy of the bank is
 * scanned first, and only the vectors that its error bound cannot rule out are measured in float.
 * The answer is, bit for bit, {@link BlockedPatternIndex#nearest}'s (the same float distances,
 * ties to the lower index), on any data; only the speed depends on the data. Built for the
 * issue's 100K x 64 bank, whose float copy (25.6 MB) takes longer to stream from memory than the
 * 1 ms goal; the codes are 6.4 MB.
 *
 * <p><b>Codes.</b> Coordinate d of every vector is coded {@code c = round((x_d - m_d) / s)} in
 * -127..127, {@code m_d} the midpoint of the coordinate's range and {@code s} one scale for all
 * coordinates (the widest range / 254). Each vector's coding error {@code r_i = |x_i - (m + s c_i)|}
 * is computed in double when it is added; {@code rMax} is the largest.
 *
 * <p><b>Search.</b> The query is coded as floats {@code q'_d = (q_d - m_d) / s}; the kernel
 * {@link FloatKernels#l2BlockedBytes} gives {@code G_i = sum_d (q'_d - c_d)^2} for every vector,
 * the minimum of each block of sixteen and the overall minimum. With {@code gamma = (dim + 4) 2^-24 / (1 - (dim + 4) 2^-24)} bounding the relative
 * rounding of such a float sum (one rounding per difference, one per fma), the query coding error
 * {@code rho <= s |q'| 2^-23} and the triangle inequality, every vector's true distance is within
 * {@code s sqrt(G_i (1 -+ gamma)) -+ (rho + rMax)}. So the vector with the smallest G has a true
 * squared distance of at most {@code F = (s sqrt(Gmin (1 + gamma)) + rho + rMax)^2}, and its float
 * distance at most {@code F (1 + gamma)} plus an underflow allowance; a vector whose lower bound
 * exceeds that cannot have a float distance as small, so it cannot be the answer, ties included.
 * The others (on uniform random 64-d data about one or two of 100,000) are measured exactly, in
 * index order; blocks whose minimum is above the bound are skipped whole. A bank or query with a non-finite coordinate is scanned flat.
 */
public final class QuantizedPatternIndex {
    private static final int B = FloatKernels.BYTE_BLOCK;
    private static final double U = 0x1p-24;

    private final FloatKernels k;
    private final BlockedPatternIndex exact;
    private final int dim, n;
    private final byte[] codes;
    private final float[] mid, qq, g, blockMin;
    private final float scale;
    private final double rMax, gamma, underflow;
    private final boolean allFinite;
    private int measured;

    private QuantizedPatternIndex(FloatKernels k, float[] rows, int off, int n, int dim) {
        if (n < 1 || dim < 1) {
            throw new KosException("pattern index: dimension and size must be positive");
        }
        this.k = k;
        this.n = n;
        this.dim = dim;
        exact = BlockedPatternIndex.of(k, rows, off, n, dim);
        int padded = (n + B - 1) / B * B;
        codes = new byte[padded * dim];
        g = new float[padded];
        blockMin = new float[padded / B];
        qq = new float[dim];
        mid = new float[dim];
        boolean finite = true;
        float widest = 0f;
        for (int d = 0; d < dim; d++) {
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                float v = rows[off + i * dim + d];
                if (Float.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                } else {
                    finite = false;
                }
            }
            if (lo > hi) {
                lo = hi = 0f;
            }
            mid[d] = (float) ((lo + (double) hi) / 2);
            widest = Math.max(widest, (float) ((hi - (double) lo) / 254 * (1 + 1e-6)));
        }
        allFinite = finite;
        scale = widest > 0f && Float.isFinite(widest) ? widest : 1f;
        double r2max = 0;
        for (int i = 0; i < n; i++) {
            int base = (i / B) * dim * B + i % B;
            double r2 = 0;
            for (int d = 0; d < dim; d++) {
                double x = rows[off + i * dim + d];
                long c = Math.round((x - mid[d]) / scale);
                if (c < -127 || c > 127 || !Double.isFinite(x)) {
                    c = Math.max(-127, Math.min(127, Double.isFinite(x) ? c : 0));
                }
                codes[base + d * B] = (byte) c;
                double e = x - (mid[d] + (double) scale * c);
                r2 += e * e;
            }
            r2max = Math.max(r2max, r2);
        }
        rMax = Math.sqrt(r2max) * (1 + 1e-9) + 1e-300;
        double nu = (dim + 4) * U;
        gamma = nu / (1 - nu);
        underflow = (dim + 4) * (double) Float.MIN_NORMAL;
    }

    /** An index over the {@code n} row-major vectors at {@code rows[off..off + n dim)} (copied). */
    public static QuantizedPatternIndex of(FloatKernels k, float[] rows, int off, int n, int dim) {
        return new QuantizedPatternIndex(k, rows, off, n, dim);
    }

    /** The index of the vector nearest to {@code q[off..off+dim)}: {@link BlockedPatternIndex#nearest}'s answer. */
    public int nearest(float[] q, int off) {
        if (!allFinite) {
            measured = n;
            return exact.nearest(q, off);
        }
        double qn2 = 0;
        for (int d = 0; d < dim; d++) {
            if (!Float.isFinite(q[off + d])) {
                measured = n;
                return exact.nearest(q, off);
            }
            qq[d] = (float) (((double) q[off + d] - mid[d]) / scale);
            qn2 += (double) qq[d] * qq[d];
        }
        float gmin = k.l2BlockedBytes(codes, n, dim, qq, 0, g, 0, blockMin);
        double slack = scale * Math.sqrt(qn2) * 2 * U + rMax;
        double root = scale * Math.sqrt(gmin * (1 + gamma)) + slack;
        double bestBound = root * root * (1 + gamma) + underflow; // no float distance of the answer is larger
        double lim = (Math.sqrt((bestBound + underflow) / (1 - gamma)) + slack) / scale;
        double t = lim * lim / (1 - gamma);
        float tf = (float) t;
        if (tf < t) {
            tf = Math.nextUp(tf);
        }
        int best = 0, count = 0;
        float bd = Float.POSITIVE_INFINITY;
        for (int b = 0; b < blockMin.length; b++) {
            if (!(blockMin[b] <= tf)) {
                continue; // no vector of the block can be the answer
            }
            for (int i = b * B, end = Math.min(n, i + B); i < end; i++) {
                if (g[i] <= tf) {
                    count++;
                    float f = exact.distance(i, q, off);
                    if (f < bd) {
                        bd = f;
                        best = i;
                    }
                }
            }
        }
        measured = count;
        return best;
    }

    /** How many vectors the last {@link #nearest} measured in float (n when it scanned flat). */
    public int lastMeasured() {
        return measured;
    }

    /** The float index it answers for. */
    public BlockedPatternIndex exact() {
        return exact;
    }

    public int size() {
        return n;
    }

    public int dim() {
        return dim;
    }
}
