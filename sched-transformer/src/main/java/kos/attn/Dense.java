package kos.attn;

import kos.nn.LinearLayer;
import kos.nn.Parameter;
import kos.simd.FloatKernels;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A dense layer {@code y = W x + b} like {@link kos.nn.Linear} (W {@code [out, in]} row-major, the
 * same parameter names and initialisation) but on an injected {@link FloatKernels}, so a test can
 * run the whole model on the scalar kernels and on the vector ones in the same JVM and compare
 * decisions bit for bit. Allocation-free per call.
 */
final class Dense implements LinearLayer {
    private final FloatKernels k;
    private final String name;
    private final int in, out;
    private final float[] weight, bias, gradWeight, gradBias;
    private final List<Parameter> params;

    Dense(FloatKernels k, String name, int in, int out, SplittableRandom init) {
        this.k = k;
        this.name = name;
        this.in = in;
        this.out = out;
        this.weight = new float[in * out];
        this.bias = new float[out];
        this.gradWeight = new float[weight.length];
        this.gradBias = new float[out];
        double bound = 1.0 / Math.sqrt(in);
        kos.nn.Linear.uniform(weight, bound, init);
        kos.nn.Linear.uniform(bias, bound, init);
        this.params = List.of(new Parameter(name + ".weight", weight, gradWeight), new Parameter(name + ".bias", bias, gradBias));
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

    float[] weight() {
        return weight;
    }

    float[] bias() {
        return bias;
    }

    @Override
    public void forward(float[] x, int xOff, float[] y, int yOff) {
        k.matVec(weight, 0, out, in, x, xOff, y, yOff);
        for (int o = 0; o < out; o++) {
            y[yOff + o] += bias[o];
        }
    }

    @Override
    public void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        k.outerAdd(gradWeight, 0, out, in, dy, dyOff, x, xOff);
        for (int o = 0; o < out; o++) {
            gradBias[o] += dy[dyOff + o];
        }
        if (dx != null) {
            java.util.Arrays.fill(dx, dxOff, dxOff + in, 0f);
            k.matTVecAdd(weight, 0, out, in, dy, dyOff, dx, dxOff);
        }
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }
}
