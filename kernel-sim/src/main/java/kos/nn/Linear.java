package kos.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import kos.simd.FloatKernels;
import kos.simd.Kernels;

/**
 * A dense layer {@code y = W x + b}: W is {@code [out, in]} row-major (Hugging Face's
 * {@code nn.Linear} layout, so a checkpoint's {@code <module>.weight} loads as is), b optional.
 * Runs on the kernels it was given ({@link Kernels#get()} by default): forward is one {@code matVec}; backward accumulates
 * {@code dW += dy x^T} (one fma per element) and {@code db += dy}, and writes {@code dx = W^T dy}.
 *
 * <p>A frozen layer (the base under a LoRA adapter) computes dx but no weight gradients and lists
 * no parameters.
 */
public final class Linear implements LinearLayer {
    private final FloatKernels k;
    private final String name;
    private final int in, out;
    private final float[] weight, bias;
    private final float[] gradWeight, gradBias;
    private boolean frozen;

    /**
     * Wraps the given arrays (not copied).
     *
     * @param weight {@code out * in} floats, row-major
     * @param bias   {@code out} floats, or null for no bias
     */
    public Linear(String name, int in, int out, float[] weight, float[] bias) {
        this(Kernels.get(), name, in, out, weight, bias);
    }

    /**
     * Wraps the given arrays (not copied) and runs on the given kernels (a test can pin the scalar
     * twin and the vector kernels in one JVM and compare results bit for bit).
     */
    public Linear(FloatKernels kernels, String name, int in, int out, float[] weight, float[] bias) {
        this.k = Objects.requireNonNull(kernels, "kernels");
        this.name = Objects.requireNonNull(name, "name");
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("dimensions must be positive: in " + in + ", out " + out);
        }
        if ((long) in * out != weight.length) {
            throw new IllegalArgumentException(
                    name + ": weight has " + weight.length + " floats, expected " + out + " x " + in);
        }
        if (bias != null && bias.length != out) {
            throw new IllegalArgumentException(name + ": bias has " + bias.length + " floats, expected " + out);
        }
        this.in = in;
        this.out = out;
        this.weight = weight;
        this.bias = bias;
        this.gradWeight = new float[weight.length];
        this.gradBias = bias == null ? null : new float[out];
    }

    /**
     * A new layer initialised as PyTorch's {@code nn.Linear}: weight and bias uniform in
     * {@code (-1/sqrt(in), 1/sqrt(in))} from the given stream.
     */
    public static Linear kaimingUniform(String name, int in, int out, boolean withBias, SplittableRandom random) {
        return kaimingUniform(Kernels.get(), name, in, out, withBias, random);
    }

    /** {@link #kaimingUniform(String, int, int, boolean, SplittableRandom)} on the given kernels. */
    public static Linear kaimingUniform(
            FloatKernels kernels, String name, int in, int out, boolean withBias, SplittableRandom random) {
        float[] w = new float[in * out];
        uniform(w, 1.0 / Math.sqrt(in), random);
        float[] b = null;
        if (withBias) {
            b = new float[out];
            uniform(b, 1.0 / Math.sqrt(in), random);
        }
        return new Linear(kernels, name, in, out, w, b);
    }

    /** Fills {@code a} uniformly in {@code [-bound, bound)}, in index order from {@code random}. */
    public static void uniform(float[] a, double bound, SplittableRandom random) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inFeatures() {
        return in;
    }

    @Override
    public int outFeatures() {
        return out;
    }

    /** The live weight array, {@code [out, in]} row-major. */
    public float[] weight() {
        return weight;
    }

    /** The live bias array, or null. */
    public float[] bias() {
        return bias;
    }

    public boolean frozen() {
        return frozen;
    }

    /** Freezes or unfreezes W and b: a frozen layer accumulates no gradients. */
    public Linear frozen(boolean on) {
        frozen = on;
        return this;
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff) {
        k.matVec(weight, 0, out, in, x, xOff, y, yOff);
        if (bias != null) {
            for (int o = 0; o < out; o++) {
                y[yOff + o] += bias[o];
            }
        }
    }

    @Override
    public void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        if (!frozen) {
            k.outerAdd(gradWeight, 0, out, in, dy, dyOff, x, xOff);
            if (bias != null) {
                for (int o = 0; o < out; o++) {
                    gradBias[o] += dy[dyOff + o];
                }
            }
        }
        if (dx != null) {
            java.util.Arrays.fill(dx, dxOff, dxOff + in, 0f);
            k.matTVecAdd(weight, 0, out, in, dy, dyOff, dx, dxOff);
        }
    }

    @Override
    public List<Parameter> parameters() {
        if (frozen) {
            return List.of();
        }
        List<Parameter> ps = new ArrayList<>(2);
        ps.add(new Parameter(name + ".weight", weight, gradWeight));
        if (bias != null) {
            ps.add(new Parameter(name + ".bias", bias, gradBias));
        }
        return ps;
    }
}
