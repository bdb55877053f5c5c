package kos.nn;

import java.util.Objects;

/**
 * A trainable tensor and its gradient: two flat arrays of equal length that an {@link Optimizer}
 * updates in place. The layer that owns them accumulates into {@code grad} during backward.
 *
 * @param name  a stable name, e.g. {@code "q_proj.weight"}, for reports and persistence
 * @param value the values, updated in place by optimizers
 * @param grad  the accumulated gradient, same length as {@code value}
 */
public record Parameter(String name, float[] value, float[] grad) {
    public Parameter {
        Objects.requireNonNull(name, "name");
        if (value.length != grad.length) {
            throw new IllegalArgumentException(name + ": value has " + value.length + " elements, grad " + grad.length);
        }
    }

    /** Sets the gradient to zero. */
    public void zeroGrad() {
        java.util.Arrays.fill(grad, 0f);
    }

    public int size() {
        return value.length;
    }
}
