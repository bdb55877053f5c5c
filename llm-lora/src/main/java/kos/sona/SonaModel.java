package kos.sona;

import kos.nn.NamedLayers;

/**
 * What SONA needs of a model it adapts, implemented where the model and SONA meet (the shell binds
 * the attention scheduler's model): projections by module name, and a differentiable forward over
 * {@code rows} input rows of {@link #width()} features that predicts one score per row.
 */
public interface SonaModel {
    /** The projections, by module name; SONA swaps its {@link SonaLinear} wrappers in here. */
    NamedLayers layers();

    /** Features per input row. */
    int width();

    /** The input buffer for {@code rows} rows (fill {@code rows * width()} floats, row-major). */
    float[] input(int rows);

    /** Runs the model on the first {@code rows} rows of {@link #input}; one score per row,
            valid until the next call. */
    float[] forward(int rows);

    /** Accumulates the gradients of a loss whose derivative with respect to the last forward's scores is {@code dp}. */
    void backward(float[] dp);
}
