package kos.sona;

import kos.simd.FloatKernels;

/**
 * Exact nearest-pattern search over up to {@link #capacity()} vectors of {@link #dim()} floats by
 * squared Euclidean distance, {@code |c|^2 - 2 q.c} (the query's own norm is the same for every
 * candidate). The dots for all patterns are one {@code matVec} over the contiguous centroid
 * matrix on the Vector API kernels (four patterns share each load of the query), whose results are
 * bit for bit those of the scalar twin, so the nearest pattern is the same on either. Ties go to
 * the lower slot. Allocation-free per query.
 */
public final class PatternIndex extends ExactIndex {
    private final float[] data, norms, dots;

    public PatternIndex(FloatKernels k, int dim, int capacity) {
        super(k, dim, capacity);
        data = new float[dim * capacity];
        norms = new float[capacity];
        dots = new float[capacity];
    }

    @Override
    public void set(int s, float[] v, int off) {
        System.arraycopy(v, off, data, s * dim, dim);
        norms[s] = k.dot(data, s * dim, data, s * dim, dim);
    }

    @Override
    public int nearest(float[] q, int off) {
        if (size == 0) {
            return -1;
        }
        k.matVec(data, 0, size, dim, q, off, dots, 0);
        int best = 0;
        float bd = Float.POSITIVE_INFINITY;
        for (int s = 0; s < size; s++) {
            float d = Math.fma(-2f, dots[s], norms[s]);
            if (d < bd) {
                bd = d;
                best = s;
            }
        }
        return best;
    }

    /** The scalar reference: the same comparison with plain loops (tests and the benchmark's baseline). */
    @Override
    public int nearestScalar(float[] q, int off) {
        int best = -1;
        float bd = Float.POSITIVE_INFINITY;
        for (int s = 0; s < size; s++) {
            float d = Math.fma(-2f, kos.simd.Kernels.scalar().dot(data, s * dim, q, off, dim), norms[s]);
            if (d < bd) {
                bd = d;
                best = s;
            }
        }
        return best;
    }

    float[] row(int s, float[] out) {
        System.arraycopy(data, s * dim, out, 0, dim);
        return out;
    }
}
