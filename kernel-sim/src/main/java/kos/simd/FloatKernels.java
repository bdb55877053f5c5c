package kos.simd;

/**
 * The float kernels kos's models and predictors run on. Two implementations exist, a scalar one
 * and a Vector API one, and they return <em>the same bits</em> for every input, infinities and
 * signed zeros included, so a run's decisions and digest do not depend on which one the JVM chose.
 * A NaN result is NaN in both, but its payload and sign bit are not specified (Java does not
 * specify them, and hardware differs); anything that digests a float must use
 * {@link Float#floatToIntBits}, which folds all NaNs into one.
 *
 * <p><b>Reproducible reduction order.</b> {@link #dot} and {@link #sum} use 16 logical lanes
 * whatever the hardware: over the first {@code n - n % 16} elements, lane {@code l} accumulates
 * elements {@code l, l + 16, l + 32, ...} in index order, with {@link Math#fma} for dot and plain
 * addition for sum, starting from {@code +0.0f}. The 16 lane totals are combined pairwise:
 * {@code r[l] = acc[l] + acc[l + 8]}, then {@code r[l] + r[l + 4]}, {@code r[l] + r[l + 2]},
 * {@code r[0] + r[1]}. The remaining {@code n % 16} elements are accumulated in index order into a
 * separate total starting at {@code +0.0f}, which is added last. Lane-wise operations (axpy, the
 * division in softmax) are exact IEEE operations and agree trivially. Exponentials use the
 * polynomial of {@link #exp}, evaluated with the same sequence of IEEE operations in both
 * implementations, never {@code VectorOperators.EXP}, whose results may differ between runs.
 *
 * <p>Arrays are addressed as (array, offset, length); implementations allocate nothing.
 */
public interface FloatKernels {
    /** Number of logical lanes in the reduction order. */
    int LANES = 16;

    /** "scalar" or "panama-256" and the like, for status output. */
    String name();

    /** Sum of {@code a[aOff+i] * b[bOff+i]} for i in [0, n), in the documented order. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** Sum of {@code a[off+i]} for i in [0, n), in the documented order. */
    float sum(float[] a, int off, int n);

    /** The largest of {@code a[off..off+n)} by {@link Math#max} (NaN if any is NaN); -Infinity when n is 0. */
    float max(float[] a, int off, int n);

    /** {@code y[yOff+i] = fma(alpha, x[xOff+i], y[yOff+i])} for i in [0, n). */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /**
     * {@code y[yOff+r] = dot(row r of m, x)} for a row-major {@code rows x cols} matrix starting at
     * {@code m[mOff]}; y must not overlap m or x.
     */
    default void matVec(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            y[yOff + r] = dot(m, mOff + r * cols, x, xOff, cols);
        }
    }

    /**
     * Transposed product accumulated into y: for each row {@code r} of the row-major
     * {@code rows x cols} matrix at {@code m[mOff]}, in increasing {@code r},
     * {@code y[yOff+c] = fma(x[xOff+r], m[r][c], y[yOff+c])} for every c in [0, cols). With y
     * zeroed first this is {@code y = M^T x}. Lane-wise (each y element sees the rows in index
     * order), so both implementations agree bit for bit. y must not overlap m or x.
     */
    default void matTVecAdd(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            axpy(x[xOff + r], m, mOff + r * cols, y, yOff, cols);
        }
    }

    /**
     * {@link #matTVecAdd} of one matrix for {@code count} vectors: for v in [0, count), in any order,
     * {@code matTVecAdd(m, mOff, rows, cols, x, xOff + v * xStride, y, yOff + v * yStride)}. Each
     * output element sees exactly the operations of that call, so the bits are the same; the batch
     * only lets an implementation keep several vectors' chains in flight and share the loads of m
     * (the attention scheduler's projections, one vector per runnable task). The y ranges must not
     * overlap each other, m or x.
     */
    default void matTVecAddBatch(
            float[] m,
            int mOff,
            int rows,
            int cols,
            float[] x,
            int xOff,
            int xStride,
            float[] y,
            int yOff,
            int yStride,
            int count) {
        for (int v = 0; v < count; v++) {
            matTVecAdd(m, mOff, rows, cols, x, xOff + v * xStride, y, yOff + v * yStride);
        }
    }

    /**
     * The low-rank update of a LoRA forward pass, {@code y += B (scale * A x)}: for the row-major
     * {@code rank x in} matrix A and the row-major {@code rank x out} matrix Bt (B transposed),
     * {@code h[k] = scale * dot(row k of A, x)} (the documented dot order, one rounding for the
     * product), then {@code y[yOff+o] = fma(h[k], Bt[k][o], y[yOff+o])} for k in increasing order.
     * That is {@link #matVec}, a scaling and {@link #matTVecAdd} in one call, bit for bit, so
     * implementations may fuse them; h (at least {@code rank} long) receives the scaled
     * intermediate for a backward pass. y must not overlap A, Bt, x or h.
     */
    default void lowRankAdd(
            float[] a,
            float[] bt,
            int rank,
            int in,
            int out,
            float scale,
            float[] x,
            int xOff,
            float[] y,
            int yOff,
            float[] h) {
        matVec(a, 0, rank, in, x, xOff, h, 0);
        for (int k = 0; k < rank; k++) {
            h[k] = scale * h[k];
        }
        matTVecAdd(bt, 0, rank, out, h, 0, y, yOff);
    }

    /**
     * Rank-one update of the row-major {@code rows x cols} matrix at {@code m[mOff]}:
     * {@code m[r][c] = fma(u[uOff+r], v[vOff+c], m[r][c])}, that is {@code M += u v^T}, one
     * rounding per element. m must not overlap u or v.
     */
    default void outerAdd(float[] m, int mOff, int rows, int cols, float[] u, int uOff, float[] v, int vOff) {
        for (int r = 0; r < rows; r++) {
            axpy(u[uOff + r], v, vOff, m, mOff + r * cols, cols);
        }
    }

    /** Vectors per block of the blocked layout {@link #nearestL2Blocked} reads. */
    int BLOCK = 8;

    /**
     * Exact nearest neighbour by squared Euclidean distance over {@code n} vectors of {@code dim}
     * floats stored <em>blocked</em>: vector {@code i} keeps coordinate {@code d} at
     * {@code blocks[((i / 8) * dim + d) * 8 + i % 8]} (eight vectors side by side, one per lane;
     * lanes past {@code n} in the last block are never read into the answer). The distance of
     * vector {@code i} is {@code acc = fma(x_d - q_d, x_d - q_d, acc)} over d in increasing order
     * from {@code +0.0f}: no horizontal reduction, so every lane is one vector's own chain and the
     * Vector API and scalar implementations give the same bits at any width. Returns the index of
     * the smallest distance, ties to the lower index; NaN distances never win; 0 when no distance
     * is below +Infinity. {@code n >= 1}; allocation-free.
     */
    default int nearestL2Blocked(float[] blocks, int n, int dim, float[] q, int qOff) {
        int best = 0;
        float bd = Float.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            int base = (i / BLOCK) * dim * BLOCK + i % BLOCK;
            float acc = 0f;
            for (int d = 0; d < dim; d++) {
                float diff = blocks[base + d * BLOCK] - q[qOff + d];
                acc = Math.fma(diff, diff, acc);
            }
            if (acc < bd) {
                bd = acc;
                best = i;
            }
        }
        return best;
    }

    /** Vectors per block of the byte-coded layout {@link #l2BlockedBytes} reads. */
    int BYTE_BLOCK = 16;

    /**
     * Squared distances from a query to {@code n} byte-coded vectors stored blocked sixteen wide:
     * code {@code d} of vector {@code i} at {@code codes[((i / 16) * dim + d) * 16 + i % 16]}, so one
     * 128-bit load holds coordinate d of sixteen vectors. {@code out[outOff + i]} receives
     * {@code acc = fma(q_d - c_d, q_d - c_d, acc)} over d in increasing order from {@code +0.0f},
     * with {@code c_d} the code as a float (exact) and {@code q_d - c_d} rounded once; lane-wise, so
     * all implementations give the same bits. {@code out} must have room for whole blocks
     * ({@code ceil(n / 16) * 16} values; those past n are unspecified). {@code blockMin[b]} receives
     * the smallest distance of block b's vectors (those below n), NaN ignored, +Infinity when there
     * is none, so a caller can skip whole blocks. Returns the smallest of the n distances, likewise.
     */
    default float l2BlockedBytes(
            byte[] codes, int n, int dim, float[] q, int qOff, float[] out, int outOff, float[] blockMin) {
        float min = Float.POSITIVE_INFINITY;
        for (int b = 0; b * BYTE_BLOCK < n; b++) {
            blockMin[b] = Float.POSITIVE_INFINITY;
        }
        for (int i = 0; i < n; i++) {
            int base = (i / BYTE_BLOCK) * dim * BYTE_BLOCK + i % BYTE_BLOCK;
            float acc = 0f;
            for (int d = 0; d < dim; d++) {
                float diff = q[qOff + d] - codes[base + d * BYTE_BLOCK];
                acc = Math.fma(diff, diff, acc);
            }
            out[outOff + i] = acc;
            if (acc < blockMin[i / BYTE_BLOCK]) {
                blockMin[i / BYTE_BLOCK] = acc;
            }
            if (acc < min) {
                min = acc;
            }
        }
        return min;
    }

    /**
     * In-place {@code a[i] = exp(a[i])} for i in [off, off+n), within 2 ulp of the true value on
     * [-87, 88]. Below -87 the result is 0 (the true value, under 1.7e-38, is at the edge of the
     * normal floats); above 88 it is +Infinity (true values up to 3.4e38 are not returned); NaN stays
     * NaN. Method: {@code k = round(x log2 e)} (by the 1.5 * 2^23 trick, ties to even),
     * {@code r = x - k ln2} in two fma steps (Cody-Waite), {@code e^r} by a degree-7 Taylor
     * polynomial in Horner form with fma, scaled by {@code 2^k} through the exponent bits.
     */
    void exp(float[] a, int off, int n);

    /**
     * In-place softmax of {@code a[off..off+n)} with max subtraction:
     * {@code a[i] = exp(a[i] - max) / sum_j exp(a[j] - max)}, exp by {@link #exp}, the sum by
     * {@link #sum}. Nothing happens when n is 0.
     */
    void softmax(float[] a, int off, int n);
}
