package kos.nn;

import java.util.List;

/**
 * An affine map {@code y = f(x)} from {@link #inFeatures()} to {@link #outFeatures()} floats
 * with a backward pass. A plain {@link Linear} implements it, and so does a LoRA wrapper around
 * one, so a model that holds its projections as {@code LinearLayer} (through a
 * {@link NamedLayers} registry) can have any of them replaced by a wrapped one by module name.
 *
 * <p>Vectors are addressed as (array, offset); implementations allocate nothing per call.
 * Gradients accumulate: call {@link Parameter#zeroGrad()} on {@link #parameters()} between
 * optimizer steps.
 */
public interface LinearLayer {
    /** The module name, e.g. {@code "layers.0.q_proj"}. */
    String name();

    int inFeatures();

    int outFeatures();

    /** Writes {@code y[yOff .. yOff+out)} from {@code x[xOff .. xOff+in)}; y must not overlap x. */
    void forward(float[] x, int xOff, float[] y, int yOff);

    /**
     * Given the input {@code x} of the most recent {@link #forward} and {@code dy = dL/dy},
     * accumulates the gradients of the trainable parameters and, when {@code dx} is not null,
     * writes {@code dx = dL/dx} (overwriting it).
     */
    void backward(float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /** The parameters an optimizer should update (frozen ones are not listed). */
    List<Parameter> parameters();

    /** Training mode turns on training-only behaviour such as dropout; off by default. */
    default void training(boolean on) {}
}
