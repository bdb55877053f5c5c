package kos.simd;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API implementation on 512-bit vectors: one vector of sixteen floats carries exactly
 * the sixteen logical lanes of the reduction order, so its results equal {@link ScalarKernels}'
 * bit for bit. Chosen by {@link Kernels} where the hardware prefers 512-bit vectors (AVX-512).
 *
 * <p>Speed and the order. A reduction's sixteen lanes each form one chain of {@code n / 16}
 * dependent fmas, so a single dot product is bound by fma latency (about 4 cycles a link),
 * whatever the vector width: 512-bit vectors halve the instructions of the 256-bit kernels, not
 * the chain. Independent chains come from independent rows instead: {@link #matVec} keeps eight
 * rows (eight accumulators) in flight and {@link #matTVecAdd} applies eight rows per pass over y,
 * which is where the width pays.
 *
 * <p>Lane-wise operations on long rows (axpy, the row groups of matTVecAdd, softmax's division)
 * finish with one 256-bit step before their scalar tail (masked 512-bit tails measured slower
 * there). Where a whole operand fits one vector, a single masked 512-bit step is used instead:
 * matTVecAdd, matTVecAddBatch and outerAdd of at most 16 columns (the attention scheduler's 16-wide
 * layers and its scores over up to 16 candidates) and exp's last block, whose 256-bit tail call
 * C2 did not inline. Each element still sees the same IEEE operations in the same order.
 */
public final class PanamaKernels512 implements FloatKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    /** Half-width vectors for the tails of lane-wise operations. */
    private static final VectorSpecies<Float> H = FloatVector.SPECIES_256;

    private static final int HALF = 8;

    public static final PanamaKernels512 INSTANCE = new PanamaKernels512();

    private PanamaKernels512() {}

    @Override
    public String name() {
        return "panama-512";
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int blocks = n - n % LANES;
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < blocks; i += LANES) {
            acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
        }
        float tail = 0f;
        for (int i = blocks; i < n; i++) {
            tail = Math.fma(a[aOff + i], b[bOff + i], tail);
        }
        return reduce(acc) + tail;
    }

    /** The 256-bit kernel: the blocked layout is eight lanes wide, and lanes are independent chains. */
    @Override
    public int nearestL2Blocked(float[] blocks, int n, int dim, float[] q, int qOff) {
        return PanamaKernels.INSTANCE.nearestL2Blocked(blocks, n, dim, q, qOff);
    }

    /**
     * Four 16-wide blocks per pass (four chains) share each broadcast of the query coordinate;
     * each block's sixteen codes are one 128-bit load widened to sixteen floats. Each lane's chain
     * is exactly the scalar one.
     */
    @Override
    public float l2BlockedBytes(
            byte[] codes, int n, int dim, float[] q, int qOff, float[] out, int outOff, float[] blockMin) {
        int stride = dim * BYTE_BLOCK;
        int blocksAll = (n + BYTE_BLOCK - 1) / BYTE_BLOCK;
        float min = Float.POSITIVE_INFINITY;
        int b = 0;
        for (; b + 4 <= blocksAll; b += 4) {
            int p0 = b * stride, p1 = p0 + stride, p2 = p1 + stride, p3 = p2 + stride;
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int d = 0, o = 0; d < dim; d++, o += BYTE_BLOCK) {
                FloatVector qv = FloatVector.broadcast(S, q[qOff + d]);
                FloatVector x0 = qv.sub(widen(codes, p0 + o));
                FloatVector x1 = qv.sub(widen(codes, p1 + o));
                FloatVector x2 = qv.sub(widen(codes, p2 + o));
                FloatVector x3 = qv.sub(widen(codes, p3 + o));
                a0 = x0.fma(x0, a0);
                a1 = x1.fma(x1, a1);
                a2 = x2.fma(x2, a2);
                a3 = x3.fma(x3, a3);
            }
            int at = b * BYTE_BLOCK;
            a0.intoArray(out, outOff + at);
            a1.intoArray(out, outOff + at + BYTE_BLOCK);
            a2.intoArray(out, outOff + at + 2 * BYTE_BLOCK);
            a3.intoArray(out, outOff + at + 3 * BYTE_BLOCK);
            blockMin[b] = validMin(a0, at, n);
            blockMin[b + 1] = validMin(a1, at + BYTE_BLOCK, n);
            blockMin[b + 2] = validMin(a2, at + 2 * BYTE_BLOCK, n);
            blockMin[b + 3] = validMin(a3, at + 3 * BYTE_BLOCK, n);
            min = Math.min(
                    Math.min(min, Math.min(blockMin[b], blockMin[b + 1])), Math.min(blockMin[b + 2], blockMin[b + 3]));
        }
        for (; b < blocksAll; b++) {
            int p0 = b * stride;
            FloatVector a0 = FloatVector.zero(S);
            for (int d = 0, o = 0; d < dim; d++, o += BYTE_BLOCK) {
                FloatVector x0 = FloatVector.broadcast(S, q[qOff + d]).sub(widen(codes, p0 + o));
                a0 = x0.fma(x0, a0);
            }
            int at = b * BYTE_BLOCK;
            a0.intoArray(out, outOff + at);
            blockMin[b] = validMin(a0, at, n);
            min = Math.min(min, blockMin[b]);
        }
        return min;
    }

    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;

    private static FloatVector widen(byte[] codes, int off) {
        return (FloatVector) ByteVector.fromArray(B16, codes, off).convertShape(VectorOperators.B2F, S, 0);
    }

    /** As {@link PanamaKernels}' validMin, sixteen lanes wide. */
    private static float validMin(FloatVector a, int first, int n) {
        VectorMask<Float> m = a.lt(Float.POSITIVE_INFINITY);
        if (first + BYTE_BLOCK > n) {
            m = m.and(IntVector.zero(I)
                    .addIndex(1)
                    .add(first)
                    .compare(VectorOperators.LT, n)
                    .cast(S));
        }
        return INF.blend(a, m).reduceLanes(VectorOperators.MIN);
    }

    private static final FloatVector INF = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);

    @Override
    public float sum(float[] a, int off, int n) {
        int blocks = n - n % LANES;
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < blocks; i += LANES) {
            acc = acc.add(FloatVector.fromArray(S, a, off + i));
        }
        float tail = 0f;
        for (int i = blocks; i < n; i++) {
            tail += a[off + i];
        }
        return reduce(acc) + tail;
    }

    @Override
    public float max(float[] a, int off, int n) {
        int bound = S.loopBound(n);
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < bound; i += LANES) {
            m = m.max(FloatVector.fromArray(S, a, off + i));
        }
        // max is commutative and associative under Math.max semantics, so any order gives the same bits.
        float r = m.reduceLanes(VectorOperators.MAX);
        for (int i = bound; i < n; i++) {
            r = Math.max(r, a[off + i]);
        }
        return r;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int bound = S.loopBound(n);
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int i = 0; i < bound; i += LANES) {
            va.fma(FloatVector.fromArray(S, x, xOff + i), FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        int i = bound;
        if (n - i >= HALF) {
            FloatVector.broadcast(H, alpha)
                    .fma(FloatVector.fromArray(H, x, xOff + i), FloatVector.fromArray(H, y, yOff + i))
                    .intoArray(y, yOff + i);
            i += HALF;
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    /**
     * Eight rows per pass (then four, two, one) share each load of x; every row keeps its own
     * accumulator and its own tail, so each result is exactly {@link #dot} of that row.
     */
    @Override
    public void matVec(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        int r = 0;
        for (; r + 8 <= rows; r += 8) {
            rows8(m, mOff + r * cols, cols, x, xOff, y, yOff + r);
        }
        if (r + 4 <= rows) {
            rows4(m, mOff + r * cols, cols, x, xOff, y, yOff + r);
            r += 4;
        }
        if (r + 2 <= rows) {
            rows2(m, mOff + r * cols, cols, x, xOff, y, yOff + r);
            r += 2;
        }
        if (r < rows) {
            y[yOff + r] = dot(m, mOff + r * cols, x, xOff, cols);
        }
    }

    // The row groups are separate small methods: one method holding all of them (about 1 KB of
    // bytecode) stayed in C1 during a busy run, where the Vector API is not intrinsified.

    private static void rows8(float[] m, int p0, int cols, float[] x, int xOff, float[] y, int yr) {
        int blocks = cols - cols % LANES;
        int p1 = p0 + cols,
                p2 = p1 + cols,
                p3 = p2 + cols,
                p4 = p3 + cols,
                p5 = p4 + cols,
                p6 = p5 + cols,
                p7 = p6 + cols;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int i = 0; i < blocks; i += LANES) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            a0 = FloatVector.fromArray(S, m, p0 + i).fma(xv, a0);
            a1 = FloatVector.fromArray(S, m, p1 + i).fma(xv, a1);
            a2 = FloatVector.fromArray(S, m, p2 + i).fma(xv, a2);
            a3 = FloatVector.fromArray(S, m, p3 + i).fma(xv, a3);
            a4 = FloatVector.fromArray(S, m, p4 + i).fma(xv, a4);
            a5 = FloatVector.fromArray(S, m, p5 + i).fma(xv, a5);
            a6 = FloatVector.fromArray(S, m, p6 + i).fma(xv, a6);
            a7 = FloatVector.fromArray(S, m, p7 + i).fma(xv, a7);
        }
        FloatVector s01 = reduce2(a0, a1);
        y[yr] = s01.lane(0) + (blocks == cols ? 0f : tailDot(m, p0, x, xOff, blocks, cols));
        y[yr + 1] = s01.lane(8) + (blocks == cols ? 0f : tailDot(m, p1, x, xOff, blocks, cols));
        FloatVector s23 = reduce2(a2, a3);
        y[yr + 2] = s23.lane(0) + (blocks == cols ? 0f : tailDot(m, p2, x, xOff, blocks, cols));
        y[yr + 3] = s23.lane(8) + (blocks == cols ? 0f : tailDot(m, p3, x, xOff, blocks, cols));
        FloatVector s45 = reduce2(a4, a5);
        y[yr + 4] = s45.lane(0) + (blocks == cols ? 0f : tailDot(m, p4, x, xOff, blocks, cols));
        y[yr + 5] = s45.lane(8) + (blocks == cols ? 0f : tailDot(m, p5, x, xOff, blocks, cols));
        FloatVector s67 = reduce2(a6, a7);
        y[yr + 6] = s67.lane(0) + (blocks == cols ? 0f : tailDot(m, p6, x, xOff, blocks, cols));
        y[yr + 7] = s67.lane(8) + (blocks == cols ? 0f : tailDot(m, p7, x, xOff, blocks, cols));
    }

    private static void rows4(float[] m, int p0, int cols, float[] x, int xOff, float[] y, int yr) {
        int blocks = cols - cols % LANES;
        int p1 = p0 + cols, p2 = p1 + cols, p3 = p2 + cols;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < blocks; i += LANES) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            a0 = FloatVector.fromArray(S, m, p0 + i).fma(xv, a0);
            a1 = FloatVector.fromArray(S, m, p1 + i).fma(xv, a1);
            a2 = FloatVector.fromArray(S, m, p2 + i).fma(xv, a2);
            a3 = FloatVector.fromArray(S, m, p3 + i).fma(xv, a3);
        }
        FloatVector s01 = reduce2(a0, a1);
        y[yr] = s01.lane(0) + (blocks == cols ? 0f : tailDot(m, p0, x, xOff, blocks, cols));
        y[yr + 1] = s01.lane(8) + (blocks == cols ? 0f : tailDot(m, p1, x, xOff, blocks, cols));
        FloatVector s23 = reduce2(a2, a3);
        y[yr + 2] = s23.lane(0) + (blocks == cols ? 0f : tailDot(m, p2, x, xOff, blocks, cols));
        y[yr + 3] = s23.lane(8) + (blocks == cols ? 0f : tailDot(m, p3, x, xOff, blocks, cols));
    }

    private static void rows2(float[] m, int p0, int cols, float[] x, int xOff, float[] y, int yr) {
        int blocks = cols - cols % LANES;
        int p1 = p0 + cols;
        FloatVector a0 = FloatVector.zero(S), a1 = a0;
        for (int i = 0; i < blocks; i += LANES) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            a0 = FloatVector.fromArray(S, m, p0 + i).fma(xv, a0);
            a1 = FloatVector.fromArray(S, m, p1 + i).fma(xv, a1);
        }
        FloatVector s01 = reduce2(a0, a1);
        y[yr] = s01.lane(0) + (blocks == cols ? 0f : tailDot(m, p0, x, xOff, blocks, cols));
        y[yr + 1] = s01.lane(8) + (blocks == cols ? 0f : tailDot(m, p1, x, xOff, blocks, cols));
    }

    /**
     * The tail of one row's dot: elements {@code [from, to)} in index order from +0. Callers skip
     * the call when there is no tail (the same +0): in {@link #rows8} the eight calls, never taken
     * when the width is a multiple of 16, otherwise cost C2 the node budget that inlines the last
     * reductions, whose vectors were then boxed (192 B per 4096-wide matVec).
     */
    private static float tailDot(float[] m, int p, float[] x, int xOff, int from, int to) {
        float t = 0f;
        for (int i = from; i < to; i++) {
            t = Math.fma(m[p + i], x[xOff + i], t);
        }
        return t;
    }

    /**
     * Matrices of at most sixteen columns (the attention scheduler's: 16 x 16 projections, scores
     * over up to sixteen candidates) take four vectors at a time: four independent fma chains, one
     * (masked when narrower) load of each matrix row shared by the four. Each element still sees
     * the rows in index order. Wider matrices are {@link #matTVecAdd} per vector.
     */
    @Override
    public void matTVecAddBatch(
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
        if (cols > LANES || cols == 0) {
            FloatKernels.super.matTVecAddBatch(m, mOff, rows, cols, x, xOff, xStride, y, yOff, yStride, count);
            return;
        }
        VectorMask<Float> in = S.indexInRange(0, cols);
        int v = 0;
        for (; v + 4 <= count; v += 4) {
            batch4(m, mOff, rows, cols, x, xOff + v * xStride, xStride, y, yOff + v * yStride, yStride, in);
        }
        for (; v < count; v++) {
            narrowAdd(m, mOff, rows, cols, x, xOff + v * xStride, y, yOff + v * yStride);
        }
    }

    private static void batch4(
            float[] m,
            int mOff,
            int rows,
            int cols,
            float[] x,
            int x0,
            int xStride,
            float[] y,
            int y0,
            int yStride,
            VectorMask<Float> in) {
        int x1 = x0 + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        int y1 = y0 + yStride, y2 = y1 + yStride, y3 = y2 + yStride;
        FloatVector a0 = FloatVector.fromArray(S, y, y0, in), a1 = FloatVector.fromArray(S, y, y1, in);
        FloatVector a2 = FloatVector.fromArray(S, y, y2, in), a3 = FloatVector.fromArray(S, y, y3, in);
        for (int r = 0; r < rows; r++) {
            FloatVector row = FloatVector.fromArray(S, m, mOff + r * cols, in);
            a0 = FloatVector.broadcast(S, x[x0 + r]).fma(row, a0);
            a1 = FloatVector.broadcast(S, x[x1 + r]).fma(row, a1);
            a2 = FloatVector.broadcast(S, x[x2 + r]).fma(row, a2);
            a3 = FloatVector.broadcast(S, x[x3 + r]).fma(row, a3);
        }
        a0.intoArray(y, y0, in);
        a1.intoArray(y, y1, in);
        a2.intoArray(y, y2, in);
        a3.intoArray(y, y3, in);
    }

    /**
     * Ranks 1 and 2 (MicroLoRA's, and the 256x256 r2 shape) in one pass down and one up,
     * the intermediate never leaving registers between them: the r dot chains over x, their
     * reductions, the scaling, then the fmas of each block of y in rank order. Other ranks are
     * {@link #matVec} (eight rows per pass), the scaling and {@link #matTVecAdd} (eight rows per
     * pass over y), already one pass each way for ranks up to 8. Bit for bit the default.
     */
    @Override
    public void lowRankAdd(
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
        if (rank == 2) {
            lowRank2(a, bt, in, out, scale, x, xOff, y, yOff, h);
        } else if (rank == 1) {
            float h0 = scale * dot(a, 0, x, xOff, in);
            h[0] = h0;
            axpy(h0, bt, 0, y, yOff, out);
        } else {
            FloatKernels.super.lowRankAdd(a, bt, rank, in, out, scale, x, xOff, y, yOff, h);
        }
    }

    private static void lowRank2(
            float[] a, float[] bt, int in, int out, float scale, float[] x, int xOff, float[] y, int yOff, float[] h) {
        int blocks = in - in % LANES;
        FloatVector a0 = FloatVector.zero(S), a1 = a0;
        for (int i = 0; i < blocks; i += LANES) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            a0 = FloatVector.fromArray(S, a, i).fma(xv, a0);
            a1 = FloatVector.fromArray(S, a, in + i).fma(xv, a1);
        }
        FloatVector s01 = reduce2(a0, a1);
        FloatVector b0, b1;
        if (blocks == in) {
            // no tails: both sums plus +0 (as the dot's empty tail), scaled in the vector, and
            // broadcast by a lane shuffle; no trip through scalars on the way to the up pass
            FloatVector hv = s01.add(0f).mul(scale);
            b0 = hv.rearrange(ALL0);
            b1 = hv.rearrange(ALL8);
            h[0] = hv.lane(0);
            h[1] = hv.lane(8);
        } else {
            float h0 = scale * (s01.lane(0) + tailDot(a, 0, x, xOff, blocks, in));
            float h1 = scale * (s01.lane(8) + tailDot(a, in, x, xOff, blocks, in));
            h[0] = h0;
            h[1] = h1;
            b0 = FloatVector.broadcast(S, h0);
            b1 = FloatVector.broadcast(S, h1);
        }
        int bound = S.loopBound(out);
        for (int c = 0; c < bound; c += LANES) {
            FloatVector acc = FloatVector.fromArray(S, y, yOff + c);
            acc = b0.fma(FloatVector.fromArray(S, bt, c), acc);
            acc = b1.fma(FloatVector.fromArray(S, bt, out + c), acc);
            acc.intoArray(y, yOff + c);
        }
        if (bound < out) {
            groupTail(bt, 0, 2, out, h, 0, y, yOff, bound);
        }
    }

    /**
     * Rows in groups of eight (then four, two, one): a block of y is loaded once per group and
     * receives the group's fmas in row order, so each element still sees the rows in index order.
     */
    @Override
    public void matTVecAdd(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        if (cols <= LANES) {
            narrowAdd(m, mOff, rows, cols, x, xOff, y, yOff);
            return;
        }
        int r = 0;
        for (; r + 8 <= rows; r += 8) {
            addRows8(m, mOff + r * cols, cols, x, xOff + r, y, yOff);
        }
        if (r + 4 <= rows) {
            addRows4(m, mOff + r * cols, cols, x, xOff + r, y, yOff);
            r += 4;
        }
        if (r + 2 <= rows) {
            addRows2(m, mOff + r * cols, cols, x, xOff + r, y, yOff);
            r += 2;
        }
        if (r < rows) {
            axpy(x[xOff + r], m, mOff + r * cols, y, yOff, cols);
        }
    }

    /**
     * {@link #matTVecAdd} for matrices of at most sixteen columns (the attention scheduler's
     * projections and scores, the 16-wide layers' input gradients): all rows in one pass over one
     * 512-bit block of y, masked when narrower, instead of the row groups' broadcasts and tails.
     * Each element still sees the rows in index order, so the bits are those of the scalar twin.
     */
    private static void narrowAdd(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        if (cols == 0) {
            return;
        }
        VectorMask<Float> in = S.indexInRange(0, cols);
        FloatVector acc = FloatVector.fromArray(S, y, yOff, in);
        for (int r = 0; r < rows; r++) {
            acc = FloatVector.broadcast(S, x[xOff + r]).fma(FloatVector.fromArray(S, m, mOff + r * cols, in), acc);
        }
        acc.intoArray(y, yOff, in);
    }

    /**
     * {@code M += u v^T} for matrices of at most sixteen columns: v loaded once (masked when
     * narrower), one fma per row; each element is {@code fma(u[r], v[c], m[r][c])} as in the
     * default's axpy per row. Wider matrices take the default.
     */
    @Override
    public void outerAdd(float[] m, int mOff, int rows, int cols, float[] u, int uOff, float[] v, int vOff) {
        if (cols > LANES || cols == 0) {
            FloatKernels.super.outerAdd(m, mOff, rows, cols, u, uOff, v, vOff);
            return;
        }
        VectorMask<Float> in = S.indexInRange(0, cols);
        FloatVector vv = FloatVector.fromArray(S, v, vOff, in);
        for (int r = 0; r < rows; r++) {
            int p = mOff + r * cols;
            FloatVector.broadcast(S, u[uOff + r])
                    .fma(vv, FloatVector.fromArray(S, m, p, in))
                    .intoArray(m, p, in);
        }
    }

    private static void addRows8(float[] m, int p0, int cols, float[] x, int xr, float[] y, int yOff) {
        int bound = S.loopBound(cols);
        int p1 = p0 + cols,
                p2 = p1 + cols,
                p3 = p2 + cols,
                p4 = p3 + cols,
                p5 = p4 + cols,
                p6 = p5 + cols,
                p7 = p6 + cols;
        FloatVector b0 = FloatVector.broadcast(S, x[xr]), b1 = FloatVector.broadcast(S, x[xr + 1]);
        FloatVector b2 = FloatVector.broadcast(S, x[xr + 2]), b3 = FloatVector.broadcast(S, x[xr + 3]);
        FloatVector b4 = FloatVector.broadcast(S, x[xr + 4]), b5 = FloatVector.broadcast(S, x[xr + 5]);
        FloatVector b6 = FloatVector.broadcast(S, x[xr + 6]), b7 = FloatVector.broadcast(S, x[xr + 7]);
        for (int c = 0; c < bound; c += LANES) {
            FloatVector acc = FloatVector.fromArray(S, y, yOff + c);
            acc = b0.fma(FloatVector.fromArray(S, m, p0 + c), acc);
            acc = b1.fma(FloatVector.fromArray(S, m, p1 + c), acc);
            acc = b2.fma(FloatVector.fromArray(S, m, p2 + c), acc);
            acc = b3.fma(FloatVector.fromArray(S, m, p3 + c), acc);
            acc = b4.fma(FloatVector.fromArray(S, m, p4 + c), acc);
            acc = b5.fma(FloatVector.fromArray(S, m, p5 + c), acc);
            acc = b6.fma(FloatVector.fromArray(S, m, p6 + c), acc);
            acc = b7.fma(FloatVector.fromArray(S, m, p7 + c), acc);
            acc.intoArray(y, yOff + c);
        }
        groupTail(m, p0, 8, cols, x, xr, y, yOff, bound);
    }

    private static void addRows4(float[] m, int p0, int cols, float[] x, int xr, float[] y, int yOff) {
        int bound = S.loopBound(cols);
        int p1 = p0 + cols, p2 = p1 + cols, p3 = p2 + cols;
        FloatVector b0 = FloatVector.broadcast(S, x[xr]), b1 = FloatVector.broadcast(S, x[xr + 1]);
        FloatVector b2 = FloatVector.broadcast(S, x[xr + 2]), b3 = FloatVector.broadcast(S, x[xr + 3]);
        for (int c = 0; c < bound; c += LANES) {
            FloatVector acc = FloatVector.fromArray(S, y, yOff + c);
            acc = b0.fma(FloatVector.fromArray(S, m, p0 + c), acc);
            acc = b1.fma(FloatVector.fromArray(S, m, p1 + c), acc);
            acc = b2.fma(FloatVector.fromArray(S, m, p2 + c), acc);
            acc = b3.fma(FloatVector.fromArray(S, m, p3 + c), acc);
            acc.intoArray(y, yOff + c);
        }
        groupTail(m, p0, 4, cols, x, xr, y, yOff, bound);
    }

    private static void addRows2(float[] m, int p0, int cols, float[] x, int xr, float[] y, int yOff) {
        int bound = S.loopBound(cols);
        int p1 = p0 + cols;
        FloatVector b0 = FloatVector.broadcast(S, x[xr]), b1 = FloatVector.broadcast(S, x[xr + 1]);
        for (int c = 0; c < bound; c += LANES) {
            FloatVector acc = FloatVector.fromArray(S, y, yOff + c);
            acc = b0.fma(FloatVector.fromArray(S, m, p0 + c), acc);
            acc = b1.fma(FloatVector.fromArray(S, m, p1 + c), acc);
            acc.intoArray(y, yOff + c);
        }
        groupTail(m, p0, 2, cols, x, xr, y, yOff, bound);
    }

    /**
     * Columns {@code [from, cols)} of a group of {@code count} rows starting at {@code m[p]}: one
     * 256-bit step when eight or more remain, then scalars; each element sees the rows in index
     * order. Matrices narrower than sixteen columns (the attention scheduler's, one column per
     * runnable task) run entirely here.
     */
    private static void groupTail(
            float[] m, int p, int count, int cols, float[] x, int xr, float[] y, int yOff, int from) {
        int c = from;
        if (cols - c >= HALF) {
            FloatVector acc = FloatVector.fromArray(H, y, yOff + c);
            for (int k = 0; k < count; k++) {
                acc = FloatVector.broadcast(H, x[xr + k]).fma(FloatVector.fromArray(H, m, p + k * cols + c), acc);
            }
            acc.intoArray(y, yOff + c);
            c += HALF;
        }
        for (; c < cols; c++) {
            float acc = y[yOff + c];
            for (int k = 0; k < count; k++) {
                acc = Math.fma(x[xr + k], m[p + k * cols + c], acc);
            }
            y[yOff + c] = acc;
        }
    }

    /**
     * One call site of the vector exp for every block, the last one masked (lanes past n load +0 and
     * are not stored; each lane's operations are the scalar ones). The tail used to be a 256-bit
     * step through {@link PanamaKernels}' exp: on that colder call site C2 refused to inline it
     * ("too big"), so the softmax of the attention scheduler's eight candidates ran it as a real call
     * on boxed vectors, the Vector API's Java fallback (7.6% of a busy simulated quarter hour).
     */
    @Override
    public void exp(float[] a, int off, int n) {
        for (int i = 0; i < n; i += LANES) {
            VectorMask<Float> in = S.indexInRange(i, n);
            exp(FloatVector.fromArray(S, a, off + i, in)).intoArray(a, off + i, in);
        }
    }

    /** {@link ScalarKernels#exp(float)} lane-wise: the same IEEE operations in the same order. */
    private static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(ScalarKernels.EXP_LO).min(ScalarKernels.EXP_HI);
        FloatVector k = xc.fma(LOG2E, ROUNDER).sub(ROUNDER);
        FloatVector r = k.fma(NEG_LN2_HI, xc);
        r = k.fma(NEG_LN2_LO, r);
        FloatVector p = C7.fma(r, C6);
        p = p.fma(r, C5);
        p = p.fma(r, C4);
        p = p.fma(r, C3);
        p = p.fma(r, C2);
        p = p.fma(r, C1);
        p = p.fma(r, C0);
        FloatVector scale = ((IntVector) k.convert(VectorOperators.F2I, 0))
                .add(127)
                .lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        FloatVector y = p.mul(scale);
        VectorMask<Float> under = x.compare(VectorOperators.LT, ScalarKernels.EXP_LO);
        VectorMask<Float> over = x.compare(VectorOperators.GT, ScalarKernels.EXP_HI);
        return y.blend(0f, under).blend(Float.POSITIVE_INFINITY, over);
    }

    private static final FloatVector LOG2E = FloatVector.broadcast(S, ScalarKernels.LOG2E);
    private static final FloatVector ROUNDER = FloatVector.broadcast(S, ScalarKernels.ROUNDER);
    private static final FloatVector NEG_LN2_HI = FloatVector.broadcast(S, ScalarKernels.NEG_LN2_HI);
    private static final FloatVector NEG_LN2_LO = FloatVector.broadcast(S, ScalarKernels.NEG_LN2_LO);
    private static final FloatVector C7 = FloatVector.broadcast(S, ScalarKernels.C7);
    private static final FloatVector C6 = FloatVector.broadcast(S, ScalarKernels.C6);
    private static final FloatVector C5 = FloatVector.broadcast(S, ScalarKernels.C5);
    private static final FloatVector C4 = FloatVector.broadcast(S, ScalarKernels.C4);
    private static final FloatVector C3 = FloatVector.broadcast(S, ScalarKernels.C3);
    private static final FloatVector C2 = FloatVector.broadcast(S, ScalarKernels.C2);
    private static final FloatVector C1 = FloatVector.broadcast(S, ScalarKernels.C1);
    private static final FloatVector C0 = FloatVector.broadcast(S, ScalarKernels.C0);

    @Override
    public void softmax(float[] a, int off, int n) {
        if (n == 0) {
            return;
        }
        float m = max(a, off, n);
        for (int i = 0; i < n; i++) {
            a[off + i] = a[off + i] - m;
        }
        exp(a, off, n);
        float s = sum(a, off, n);
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += LANES) {
            FloatVector.fromArray(S, a, off + i).div(s).intoArray(a, off + i);
        }
        int i = bound;
        if (n - i >= HALF) {
            FloatVector.fromArray(H, a, off + i).div(s).intoArray(a, off + i);
            i += HALF;
        }
        for (; i < n; i++) {
            a[off + i] = a[off + i] / s;
        }
    }

    /** Lane rotations by 8, 4 and 2: lane l of {@code v.rearrange(ROT[k])} is {@code v[(l + k) % 16]}. */
    private static final VectorShuffle<Float> ROT8 = VectorShuffle.iota(S, 8, 1, true);

    private static final VectorShuffle<Float> ROT4 = VectorShuffle.iota(S, 4, 1, true);
    private static final VectorShuffle<Float> ROT2 = VectorShuffle.iota(S, 2, 1, true);

    /**
     * The documented pairwise combination of the sixteen lanes by constant rotations: lane l of
     * {@code v + rot8(v)} is {@code v[l] + v[l+8]}, then {@code + r[l+4]}, {@code + q[l+2]}, and
     * lanes 0 and 1 are added last (upper lanes carry sums that are never read). Constant shuffles
     * compile to permutes; {@code slice} allocated a shuffle per call here (JDK 25).
     */
    private static final VectorShuffle<Float> ROT1 = VectorShuffle.iota(S, 1, 1, true);
    /** Every lane from lane 0, and every lane from lane 8: broadcasts of a vector's lane. */
    private static final VectorShuffle<Float> ALL0 = VectorShuffle.iota(S, 0, 0, false);

    private static final VectorShuffle<Float> ALL8 = VectorShuffle.iota(S, 8, 0, false);
    /** Lanes 8 to 15. */
    private static final VectorMask<Float> UPPER = VectorMask.fromLong(S, 0xFF00L);

    /**
     * {@link #reduce} of two vectors at once, in lane 0 (of a) and lane 8 (of b) of the result: the
     * same additions of the same pairs (b's with their operands swapped, which IEEE addition does not
     * notice), half the extractions. Lanes 0-7 of the first sum are {@code a[l] + a[l+8]}, lanes 8-15
     * {@code b[l] + b[l-8]}; the rotations by 4, 2 and 1 then act on each half as on one vector. In
     * {@link #rows8}, eight single reductions overran C2's inlining node budget: the last two were
     * called, not inlined, and their vectors boxed (192 B per call).
     */
    private static FloatVector reduce2(FloatVector a, FloatVector b) {
        FloatVector r = a.blend(b, UPPER).add(b.blend(a, UPPER).rearrange(ROT8));
        FloatVector q = r.add(r.rearrange(ROT4));
        FloatVector p = q.add(q.rearrange(ROT2));
        return p.add(p.rearrange(ROT1));
    }

    private static float reduce(FloatVector v) {
        FloatVector r = v.add(v.rearrange(ROT8));
        FloatVector q = r.add(r.rearrange(ROT4));
        FloatVector p = q.add(q.rearrange(ROT2));
        return p.lane(0) + p.lane(1);
    }
}
