package kos.sona;

import kos.sim.KosException;
import kos.simd.FloatKernels;

/**
 * What the flat exact nearest-vector indexes share: up to {@link #capacity()} vectors of {@link
 * #dim()} floats in slots {@code 0..size-1}, appended by {@link #add} or overwritten by {@link
 * #set}; {@link #nearest} is the slot of the vector nearest to a query by squared Euclidean
 * distance, ties to the lower slot, or -1 when empty. The subclasses differ only in layout and in
 * how the distance is accumulated: {@link PatternIndex} row-major as {@code |c|^2 - 2 q.c}, {@link
 * BlockedPatternIndex} eight vectors side by side as {@code sum (c_d - q_d)^2}.
 */
public abstract sealed class ExactIndex permits PatternIndex, BlockedPatternIndex {
    protected final FloatKernels k;
    protected final int dim, capacity;
    protected int size;

    protected ExactIndex(FloatKernels k, int dim, int capacity) {
        if (dim < 1 || capacity < 1) {
            throw new KosException("pattern index: dimension and capacity must be positive");
        }
        this.k = k;
        this.dim = dim;
        this.capacity = capacity;
    }

    /** Adds a vector; returns its slot. */
    public final int add(float[] v, int off) {
        if (size == capacity) {
            throw new KosException("pattern index full (" + capacity + ")");
        }
        set(size, v, off);
        return size++;
    }

    /** Overwrites slot {@code s} (a slot below {@link #capacity()}). */
    public abstract void set(int s, float[] v, int off);

    /** The slot nearest to {@code q[off..off+dim)}, ties to the lower slot, or -1 when empty. */
    public abstract int nearest(float[] q, int off);

    /** The same search on the scalar kernel (the reference the tests and the benchmarks compare with). */
    public abstract int nearestScalar(float[] q, int off);

    /** Empties the index (the capacity stays). */
    public final void clear() {
        size = 0;
    }

    public final int size() {
        return size;
    }

    public final int dim() {
        return dim;
    }

    public final int capacity() {
        return capacity;
    }
}
