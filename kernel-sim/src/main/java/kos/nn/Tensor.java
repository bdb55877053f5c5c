package kos.nn;

import java.util.Arrays;

/**
 * A tensor read from or written to safetensors: values as floats, row-major.
 *
 * @param dtype the type it was stored as (written tensors are always F32)
 * @param shape dimensions, each non-negative; their product is {@code data.length}
 * @param data  the values in row-major order
 */
public record Tensor(DType dtype, int[] shape, float[] data) {
    public Tensor {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    /** An F32 tensor. */
    public static Tensor f32(float[] data, int... shape) {
        return new Tensor(DType.F32, shape.clone(), data);
    }

    /** Shape as text, e.g. {@code [8, 256]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    public int rank() {
        return shape.length;
    }
}
