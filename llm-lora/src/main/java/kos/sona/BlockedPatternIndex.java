package kos.sona;

import kos.sim.KosException;
import kos.simd.FloatKernels;
import kos.simd.Kernels;

/**
 * Exact nearest-vector search by squared Euclidean distance for large banks (the 100K x 64),
 * on whatever data: no index to prune with, a flat scan whose layout suits the Vector API. The
 * vectors are stored <em>blocked</em>, eight side by side per coordinate ({@link
 * FloatKernels#nearestL2Blocked}), so one vector load holds coordinate d of eight vectors and each
 * lane accumulates its own vector's distance {@code sum_d (x_d - q_d)^2} with fmas in coordinate
 * order: no horizontal reduction per vector (which cost {@link PatternIndex}'s row-major scan
 * most of its time), and the Vector API and scalar kernels give the same bits, so the answer does
 * not depend on the hardware. Ties go to the lower index. Allocation-free per query.
 *
 * <p>The distance is computed from differences, not as {@code |x|^2 - 2 q.x}: no cancellation, so
 * the float distance is within a few ulps of the true one and the answer is the true nearest
 * vector up to ties closer than that (tested against a double-precision scan).
 */
public final class BlockedPatternIndex extends ExactIndex {
    private static final int B = FloatKernels.BLOCK;
    private final float[] blocks;

    public BlockedPatternIndex(FloatKernels k, int dim, int capacity) {
        super(k, dim, capacity);
        if ((long) dim * ((capacity + B - 1) / B) * B > Integer.MAX_VALUE - 8) {
            throw new KosException("pattern index: " + capacity + " x " + dim + " floats do not fit in one array");
        }
        blocks = new float[dim * ((capacity + B - 1) / B) * B];
    }

    /** An index holding the {@code n} row-major vectors at {@code rows[off..off + n dim)}. */
    public static BlockedPatternIndex of(FloatKernels k, float[] rows, int off, int n, int dim) {
        BlockedPatternIndex ix = new BlockedPatternIndex(k, dim, Math.max(1, n));
        for (int i = 0; i < n; i++) {
            ix.add(rows, off + i * dim);
        }
        return ix;
    }

    @Override
    public void set(int i, float[] v, int off) {
        int base = (i / B) * dim * B + i % B;
        for (int d = 0; d < dim; d++) {
            blocks[base + d * B] = v[off + d];
        }
    }

    @Override
    public int nearest(float[] q, int off) {
        return size == 0 ? -1 : k.nearestL2Blocked(blocks, size, dim, q, off);
    }

    @Override
    public int nearestScalar(float[] q, int off) {
        return size == 0 ? -1 : Kernels.scalar().nearestL2Blocked(blocks, size, dim, q, off);
    }

    /** Vector {@code i}'s squared distance to q, accumulated as the search does. */
    public float distance(int i, float[] q, int off) {
        int base = (i / B) * dim * B + i % B;
        float acc = 0f;
        for (int d = 0; d < dim; d++) {
            float diff = blocks[base + d * B] - q[off + d];
            acc = Math.fma(diff, diff, acc);
        }
        return acc;
    }
}
