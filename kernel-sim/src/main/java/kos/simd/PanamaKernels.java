package kos.simd;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API implementation on 256-bit vectors: two vectors of eight floats carry the sixteen
 * logical lanes of the reduction order, so its results equal {@link ScalarKernels}' bit for bit.
 * Chosen by {@link Kernels} only where the hardware's preferred vectors are at least 256 bits
 * wide; on narrower hardware 256-bit vectors are emulated and slower than scalar code.
 */
public final class PanamaKernels implements FloatKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final int V = 8;

    public static final PanamaKernels INSTANCE = new PanamaKernels();

    private PanamaKernels() {}

    @Override
    public String name() {
        return "panama-256";
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int blocks = n - n % LANES;
        FloatVector lo = FloatVector.zero(S), hi = FloatVector.zero(S);
        for (int i = 0; i < blocks; i += LANES) {
            lo = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), lo);
            hi = FloatVector.fromArray(S, a, aOff + i + V).fma(FloatVector.fromArray(S, b, bOff + i + V), hi);
        }
        float tail = 0f;
        for (int i = blocks; i < n; i++) {
            tail = Math.fma(a[aOff + i], b[bOff + i], tail);
        }
        return reduce(lo.add(hi)) + tail;
    }

    @Override
    public float sum(float[] a, int off, int n) {
        int blocks = n - n % LANES;
        FloatVector lo = FloatVector.zero(S), hi = FloatVector.zero(S);
        for (int i = 0; i < blocks; i += LANES) {
            lo = lo.add(FloatVector.fromArray(S, a, off + i));
            hi = hi.add(FloatVector.fromArray(S, a, off + i + V));
        }
        float tail = 0f;
        for (int i = blocks; i < n; i++) {
            tail += a[off + i];
        }
        return reduce(lo.add(hi)) + tail;
    }

    @Override
    public float max(float[] a, int off, int n) {
        int bound = S.loopBound(n);
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < bound; i += V) {
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
        for (int i = 0; i < bound; i += V) {
            va.fma(FloatVector.fromArray(S, x, xOff + i), FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (int i = bound; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    /**
     * Four rows per pass (then two, then one) share each load of x; every row keeps its own pair
     * of accumulators and its own tail, so each result is exactly {@link #dot} of that row.
     */
    @Override
    public void matVec(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        int blocks = cols - cols % LANES;
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int p0 = mOff + r * cols, p1 = p0 + cols, p2 = p1 + cols, p3 = p2 + cols;
            FloatVector lo0 = FloatVector.zero(S),
                    hi0 = lo0,
                    lo1 = lo0,
                    hi1 = lo0,
                    lo2 = lo0,
                    hi2 = lo0,
                    lo3 = lo0,
                    hi3 = lo0;
            for (int i = 0; i < blocks; i += LANES) {
                FloatVector xl = FloatVector.fromArray(S, x, xOff + i), xh = FloatVector.fromArray(S, x, xOff + i + V);
                lo0 = FloatVector.fromArray(S, m, p0 + i).fma(xl, lo0);
                hi0 = FloatVector.fromArray(S, m, p0 + i + V).fma(xh, hi0);
                lo1 = FloatVector.fromArray(S, m, p1 + i).fma(xl, lo1);
                hi1 = FloatVector.fromArray(S, m, p1 + i + V).fma(xh, hi1);
                lo2 = FloatVector.fromArray(S, m, p2 + i).fma(xl, lo2);
                hi2 = FloatVector.fromArray(S, m, p2 + i + V).fma(xh, hi2);
                lo3 = FloatVector.fromArray(S, m, p3 + i).fma(xl, lo3);
                hi3 = FloatVector.fromArray(S, m, p3 + i + V).fma(xh, hi3);
            }
            float t0 = 0f, t1 = 0f, t2 = 0f, t3 = 0f;
            for (int i = blocks; i < cols; i++) {
                float xi = x[xOff + i];
                t0 = Math.fma(m[p0 + i], xi, t0);
                t1 = Math.fma(m[p1 + i], xi, t1);
                t2 = Math.fma(m[p2 + i], xi, t2);
                t3 = Math.fma(m[p3 + i], xi, t3);
            }
            y[yOff + r] = reduce(lo0.add(hi0)) + t0;
            y[yOff + r + 1] = reduce(lo1.add(hi1)) + t1;
            y[yOff + r + 2] = reduce(lo2.add(hi2)) + t2;
            y[yOff + r + 3] = reduce(lo3.add(hi3)) + t3;
        }
        if (r + 2 <= rows) {
            int p0 = mOff + r * cols, p1 = p0 + cols;
            FloatVector lo0 = FloatVector.zero(S), hi0 = lo0, lo1 = lo0, hi1 = lo0;
            for (int i = 0; i < blocks; i += LANES) {
                FloatVector xl = FloatVector.fromArray(S, x, xOff + i), xh = FloatVector.fromArray(S, x, xOff + i + V);
                lo0 = FloatVector.fromArray(S, m, p0 + i).fma(xl, lo0);
                hi0 = FloatVector.fromArray(S, m, p0 + i + V).fma(xh, hi0);
                lo1 = FloatVector.fromArray(S, m, p1 + i).fma(xl, lo1);
                hi1 = FloatVector.fromArray(S, m, p1 + i + V).fma(xh, hi1);
            }
            float t0 = 0f, t1 = 0f;
            for (int i = blocks; i < cols; i++) {
                float xi = x[xOff + i];
                t0 = Math.fma(m[p0 + i], xi, t0);
                t1 = Math.fma(m[p1 + i], xi, t1);
            }
            y[yOff + r] = reduce(lo0.add(hi0)) + t0;
            y[yOff + r + 1] = reduce(lo1.add(hi1)) + t1;
            r += 2;
        }
        if (r < rows) {
            y[yOff + r] = dot(m, mOff + r * cols, x, xOff, cols);
        }
    }

    /**
     * Four blocks (32 vectors) per pass share each broadcast of the query coordinate and keep four
     * independent fma chains in flight; each lane's chain is exactly the scalar one. A lane's best
     * so far is replaced only on a strictly smaller distance and blocks are visited in index order,
     * so each lane keeps its lowest index; the lanes are then combined with ties to the lower index.
     * The partial last block is masked to indices below n.
     */
    @Override
    public int nearestL2Blocked(float[] blocks, int n, int dim, float[] q, int qOff) {
        int stride = dim * BLOCK;
        int full = n / BLOCK;
        FloatVector bestD = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
        IntVector idx = IntVector.zero(I).addIndex(1);
        IntVector bestI = idx;
        int b = 0;
        for (; b + 4 <= full; b += 4) {
            int p0 = b * stride, p1 = p0 + stride, p2 = p1 + stride, p3 = p2 + stride;
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int d = 0, o = 0; d < dim; d++, o += BLOCK) {
                FloatVector qv = FloatVector.broadcast(S, q[qOff + d]);
                FloatVector x0 = FloatVector.fromArray(S, blocks, p0 + o).sub(qv);
                FloatVector x1 = FloatVector.fromArray(S, blocks, p1 + o).sub(qv);
                FloatVector x2 = FloatVector.fromArray(S, blocks, p2 + o).sub(qv);
                FloatVector x3 = FloatVector.fromArray(S, blocks, p3 + o).sub(qv);
                a0 = x0.fma(x0, a0);
                a1 = x1.fma(x1, a1);
                a2 = x2.fma(x2, a2);
                a3 = x3.fma(x3, a3);
            }
            VectorMask<Float> m = a0.lt(bestD);
            bestD = bestD.blend(a0, m);
            bestI = bestI.blend(idx, m.cast(I));
            idx = idx.add(BLOCK);
            m = a1.lt(bestD);
            bestD = bestD.blend(a1, m);
            bestI = bestI.blend(idx, m.cast(I));
            idx = idx.add(BLOCK);
            m = a2.lt(bestD);
            bestD = bestD.blend(a2, m);
            bestI = bestI.blend(idx, m.cast(I));
            idx = idx.add(BLOCK);
            m = a3.lt(bestD);
            bestD = bestD.blend(a3, m);
            bestI = bestI.blend(idx, m.cast(I));
            idx = idx.add(BLOCK);
        }
        for (int blocksAll = (n + BLOCK - 1) / BLOCK; b < blocksAll; b++) {
            int p0 = b * stride;
            FloatVector a0 = FloatVector.zero(S);
            for (int d = 0, o = 0; d < dim; d++, o += BLOCK) {
                FloatVector x0 = FloatVector.fromArray(S, blocks, p0 + o).sub(q[qOff + d]);
                a0 = x0.fma(x0, a0);
            }
            VectorMask<Float> m = a0.lt(bestD);
            if (b == full) {
                m = m.and(idx.compare(VectorOperators.LT, n).cast(S));
            }
            bestD = bestD.blend(a0, m);
            bestI = bestI.blend(idx, m.cast(I));
            idx = idx.add(BLOCK);
        }
        int best = 0;
        float bd = Float.POSITIVE_INFINITY;
        for (int l = 0; l < BLOCK; l++) {
            float v = bestD.lane(l);
            int i = bestI.lane(l);
            if (v < bd || (v == bd && i < best)) {
                bd = v;
                best = i;
            }
        }
        return best;
    }

    /**
     * Two 16-wide blocks per pass (four 8-lane chains) share each broadcast of the query
     * coordinate; each half block's eight codes are one 64-bit load widened to eight floats. Each
     * lane's chain is exactly the scalar one.
     */
    @Override
    public float l2BlockedBytes(
            byte[] codes, int n, int dim, float[] q, int qOff, float[] out, int outOff, float[] blockMin) {
        int stride = dim * BYTE_BLOCK;
        int blocksAll = (n + BYTE_BLOCK - 1) / BYTE_BLOCK;
        float min = Float.POSITIVE_INFINITY;
        int b = 0;
        for (; b + 2 <= blocksAll; b += 2) {
            int p0 = b * stride, p1 = p0 + stride;
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int d = 0, o = 0; d < dim; d++, o += BYTE_BLOCK) {
                FloatVector qv = FloatVector.broadcast(S, q[qOff + d]);
                FloatVector x0 = qv.sub(widen(codes, p0 + o));
                FloatVector x1 = qv.sub(widen(codes, p0 + o + V));
                FloatVector x2 = qv.sub(widen(codes, p1 + o));
                FloatVector x3 = qv.sub(widen(codes, p1 + o + V));
                a0 = x0.fma(x0, a0);
                a1 = x1.fma(x1, a1);
                a2 = x2.fma(x2, a2);
                a3 = x3.fma(x3, a3);
            }
            int at = b * BYTE_BLOCK;
            a0.intoArray(out, outOff + at);
            a1.intoArray(out, outOff + at + V);
            a2.intoArray(out, outOff + at + 2 * V);
            a3.intoArray(out, outOff + at + 3 * V);
            float m0 = Math.min(validMin(a0, at, n), validMin(a1, at + V, n));
            float m1 = Math.min(validMin(a2, at + 2 * V, n), validMin(a3, at + 3 * V, n));
            blockMin[b] = m0;
            blockMin[b + 1] = m1;
            min = Math.min(min, Math.min(m0, m1));
        }
        for (; b < blocksAll; b++) {
            int p0 = b * stride;
            FloatVector a0 = FloatVector.zero(S), a1 = a0;
            for (int d = 0, o = 0; d < dim; d++, o += BYTE_BLOCK) {
                FloatVector qv = FloatVector.broadcast(S, q[qOff + d]);
                FloatVector x0 = qv.sub(widen(codes, p0 + o));
                FloatVector x1 = qv.sub(widen(codes, p0 + o + V));
                a0 = x0.fma(x0, a0);
                a1 = x1.fma(x1, a1);
            }
            int at = b * BYTE_BLOCK;
            a0.intoArray(out, outOff + at);
            a1.intoArray(out, outOff + at + V);
            blockMin[b] = Math.min(validMin(a0, at, n), validMin(a1, at + V, n));
            min = Math.min(min, blockMin[b]);
        }
        return min;
    }

    private static final VectorSpecies<Byte> B8 = ByteVector.SPECIES_64;

    private static FloatVector widen(byte[] codes, int off) {
        return (FloatVector) ByteVector.fromArray(B8, codes, off).convertShape(VectorOperators.B2F, S, 0);
    }

    /**
     * The smallest lane of a (lanes {@code first + l} below n only), NaN ignored, +Infinity when none:
     * the others are replaced by +Infinity first, so the lane reduction's order cannot matter.
     */
    private static float validMin(FloatVector a, int first, int n) {
        VectorMask<Float> m = a.lt(Float.POSITIVE_INFINITY);
        if (first + V > n) {
            m = m.and(IntVector.zero(I)
                    .addIndex(1)
                    .add(first)
                    .compare(VectorOperators.LT, n)
                    .cast(S));
        }
        return INF.blend(a, m).reduceLanes(VectorOperators.MIN);
    }

    private static final FloatVector INF = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);

    /**
     * Rows in groups of four (then two, then one): a block of y is loaded once per group and
     * receives the group's fmas in row order, so each element still sees the rows in index order.
     */
    @Override
    public void matTVecAdd(float[] m, int mOff, int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        int bound = S.loopBound(cols);
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int p0 = mOff + r * cols, p1 = p0 + cols, p2 = p1 + cols, p3 = p2 + cols;
            float s0 = x[xOff + r], s1 = x[xOff + r + 1], s2 = x[xOff + r + 2], s3 = x[xOff + r + 3];
            FloatVector b0 = FloatVector.broadcast(S, s0), b1 = FloatVector.broadcast(S, s1);
            FloatVector b2 = FloatVector.broadcast(S, s2), b3 = FloatVector.broadcast(S, s3);
            for (int c = 0; c < bound; c += V) {
                FloatVector acc = FloatVector.fromArray(S, y, yOff + c);
                acc = b0.fma(FloatVector.fromArray(S, m, p0 + c), acc);
                acc = b1.fma(FloatVector.fromArray(S, m, p1 + c), acc);
                acc = b2.fma(FloatVector.fromArray(S, m, p2 + c), acc);
                acc = b3.fma(FloatVector.fromArray(S, m, p3 + c), acc);
                acc.intoArray(y, yOff + c);
            }
            for (int c = bound; c < cols; c++) {
                float acc = y[yOff + c];
                acc = Math.fma(s0, m[p0 + c], acc);
                acc = Math.fma(s1, m[p1 + c], acc);
                acc = Math.fma(s2, m[p2 + c], acc);
                acc = Math.fma(s3, m[p3 + c], acc);
                y[yOff + c] = acc;
            }
        }
        if (r + 2 <= rows) {
            int p0 = mOff + r * cols, p1 = p0 + cols;
            float s0 = x[xOff + r], s1 = x[xOff + r + 1];
            FloatVector b0 = FloatVector.broadcast(S, s0), b1 = FloatVector.broadcast(S, s1);
            for (int c = 0; c < bound; c += V) {
                FloatVector acc = FloatVector.fromArray(S, y, yOff + c);
                acc = b0.fma(FloatVector.fromArray(S, m, p0 + c), acc);
                acc = b1.fma(FloatVector.fromArray(S, m, p1 + c), acc);
                acc.intoArray(y, yOff + c);
            }
            for (int c = bound; c < cols; c++) {
                y[yOff + c] = Math.fma(s1, m[p1 + c], Math.fma(s0, m[p0 + c], y[yOff + c]));
            }
            r += 2;
        }
        if (r < rows) {
            axpy(x[xOff + r], m, mOff + r * cols, y, yOff, cols);
        }
    }

    @Override
    public void exp(float[] a, int off, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += V) {
            exp(FloatVector.fromArray(S, a, off + i)).intoArray(a, off + i);
        }
        for (int i = bound; i < n; i++) {
            a[off + i] = ScalarKernels.exp(a[off + i]);
        }
    }

    /**
     * {@link ScalarKernels#exp(float)} lane-wise: the same IEEE operations in the same order.
     */
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
        for (int i = 0; i < bound; i += V) {
            FloatVector.fromArray(S, a, off + i).div(s).intoArray(a, off + i);
        }
        for (int i = bound; i < n; i++) {
            a[off + i] = a[off + i] / s;
        }
    }

    /** The pairwise combination of lanes 0..7 after the first level (lo + hi). */
    private static float reduce(FloatVector r) {
        return ScalarKernels.pairwise8(
                r.lane(0), r.lane(1), r.lane(2), r.lane(3), r.lane(4), r.lane(5), r.lane(6), r.lane(7));
    }
}
