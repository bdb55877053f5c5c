package kos.sona;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import kos.nn.Linear;
import kos.nn.Parameter;
import kos.sim.KosException;
import kos.simd.FloatKernels;

/**
 * A low-rank delta {@code y += scaling * B (A x)} with {@code A [rank, in]} and {@code B [out, rank]}
 * (held transposed, {@code [rank, out]}, so {@code y += B u} is {@code rank} lane-wise passes): SONA's
 * MicroLoRA (rank 1-2, scaling {@code 1/sqrt(rank)}, per-decision updates) and BaseLoRA (rank 8,
 * scaling {@code alpha/rank}, updated by Loop B, mergeable into the base weight). A starts uniform in
 * {@code (-1/sqrt(in), 1/sqrt(in))}, B at zero, so a new adapter changes nothing.
 *
 * <p>Gradients accumulate ({@link #backward}) over {@link #pending()} steps until {@link #apply}
 * takes one averaged SGD step and clears them ("accumulate per decision, apply every K"). All math
 * on the injected {@link FloatKernels}; nothing is allocated after construction.
 */
public final class LowRankAdapter {
    private final FloatKernels k;
    private final String name;
    private final int in, out, rank;
    private final float scaling;
    private final float[] a, bt, gA, gBt, u, g;
    private int pending;

    private LowRankAdapter(
            FloatKernels k, String name, int in, int out, int rank, float scaling, SplittableRandom init) {
        if (in <= 0 || out <= 0) {
            throw new KosException("adapter dimensions must be positive: " + in + " x " + out);
        }
        this.k = k;
        this.name = name;
        this.in = in;
        this.out = out;
        this.rank = rank;
        this.scaling = scaling;
        a = new float[rank * in];
        bt = new float[rank * out];
        gA = new float[a.length];
        gBt = new float[bt.length];
        u = new float[rank];
        g = new float[rank];
        Linear.uniform(a, 1.0 / Math.sqrt(in), init);
    }

    /** A MicroLoRA: rank 1 or 2 (anything else is refused with one line), scaling 1/sqrt(rank). */
    public static LowRankAdapter micro(FloatKernels k, String name, int in, int out, int rank, SplittableRandom init) {
        if (rank < 1 || rank > 2) {
            throw new KosException("MicroLoRA rank must be 1 or 2, got " + rank);
        }
        return new LowRankAdapter(k, name, in, out, rank, (float) (1.0 / Math.sqrt(rank)), init);
    }

    /** A BaseLoRA of the given rank (1..64) with PEFT's scaling alpha / rank. */
    public static LowRankAdapter base(
            FloatKernels k, String name, int in, int out, int rank, float alpha, SplittableRandom init) {
        if (rank < 1 || rank > 64) {
            throw new KosException("BaseLoRA rank must be 1..64, got " + rank);
        }
        return new LowRankAdapter(k, name, in, out, rank, alpha / rank, init);
    }

    /**
     * {@code y[yOff..) += scaling * B (A x)}: one {@link FloatKernels#lowRankAdd} call, which the vector kernels fuse for
     * ranks 1 and 2 (MicroLoRA's) and which is, bit for bit, the {@code matVec}, scaling and {@code matTVecAdd} it
     * replaces.
     */
    public void forwardAdd(float[] x, int xOff, float[] y, int yOff) {
        k.lowRankAdd(a, bt, rank, in, out, scaling, x, xOff, y, yOff, u);
    }

    /**
     * Given the forward's input x and {@code dy}: when {@code learn}, accumulates {@code dB += dy h^T}
     * and {@code dA += g x^T} (h = scaling A x, g = scaling B^T dy); when {@code dx} is not null adds
     * this path's {@code A^T g} to it.
     */
    public void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff, boolean learn) {
        k.matVec(bt, 0, rank, out, dy, dyOff, g, 0);
        for (int r = 0; r < rank; r++) {
            g[r] *= scaling;
        }
        if (learn) {
            k.matVec(a, 0, rank, in, x, xOff, u, 0);
            for (int r = 0; r < rank; r++) {
                u[r] *= scaling;
            }
            k.outerAdd(gBt, 0, rank, out, u, 0, dy, dyOff);
            k.outerAdd(gA, 0, rank, in, g, 0, x, xOff);
        }
        if (dx != null) {
            k.matTVecAdd(a, 0, rank, in, g, 0, dx, dxOff);
        }
    }

    /** Marks one more step's gradient as accumulated. */
    public void countStep() {
        pending++;
    }

    /** One SGD step with the mean of the accumulated gradients, then clears them; false when none. */
    public boolean apply(float lr) {
        return apply(lr, 0f);
    }

    /**
     * As {@link #apply(float)}, with the mean gradient scaled down to L2 norm {@code clip} when it is
     * larger (0: no clipping). The norm is summed in double in a fixed order, so it is the same on
     * every kernel.
     */
    public boolean apply(float lr, float clip) {
        if (pending == 0) {
            return false;
        }
        float s = -lr / pending;
        if (clip > 0) {
            double n2 = 0;
            for (float v : gA) {
                n2 += (double) v * v;
            }
            for (float v : gBt) {
                n2 += (double) v * v;
            }
            double norm = Math.sqrt(n2) / pending;
            if (norm > clip) {
                s = (float) (s * (clip / norm));
            }
        }
        k.axpy(s, gA, 0, a, 0, a.length);
        k.axpy(s, gBt, 0, bt, 0, bt.length);
        zeroGrad();
        return true;
    }

    public void zeroGrad() {
        Arrays.fill(gA, 0f);
        Arrays.fill(gBt, 0f);
        pending = 0;
    }

    /**
     * Folds the delta into {@code w} ({@code [out, in]} row-major): {@code W += scaling * B A}, then
     * sets B to zero so the layer computes the same function. Refuses (changing nothing) when the
     * adapter holds NaN or infinity.
     */
    public void mergeInto(float[] w) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                throw new KosException(name + ": adapter A holds a non-finite value; not merged");
            }
        }
        for (float v : bt) {
            if (!Float.isFinite(v)) {
                throw new KosException(name + ": adapter B holds a non-finite value; not merged");
            }
        }
        float[] col = new float[out];
        for (int r = 0; r < rank; r++) {
            for (int o = 0; o < out; o++) {
                col[o] = scaling * bt[r * out + o];
            }
            k.outerAdd(w, 0, out, in, col, 0, a, r * in);
        }
        Arrays.fill(bt, 0f);
    }

    /** Multiplies B by {@code f} (decay of a short-term adapter). */
    public void scaleB(float f) {
        for (int i = 0; i < bt.length; i++) {
            bt[i] *= f;
        }
    }

    /** Sets B to zero: the adapter changes nothing (A stays). */
    public void resetB() {
        Arrays.fill(bt, 0f);
        zeroGrad();
    }

    public List<Parameter> parameters() {
        return List.of(new Parameter(name + ".lora_A", a, gA), new Parameter(name + ".lora_B_t", bt, gBt));
    }

    public String name() {
        return name;
    }

    public int rank() {
        return rank;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public float scaling() {
        return scaling;
    }

    public int pending() {
        return pending;
    }

    /** Trainable floats (A and B). */
    public int parameterCount() {
        return a.length + bt.length;
    }

    /** The Frobenius norm of B (0 for an adapter that changes nothing). */
    public double normB() {
        double s = 0;
        for (float v : bt) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    float[] a() {
        return a;
    }

    float[] bt() {
        return bt;
    }
}
