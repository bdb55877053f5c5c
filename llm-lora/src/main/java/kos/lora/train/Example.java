package kos.lora.train;

/**
 * One training example: an input vector and its target. For the cross-entropy loss a one-element
 * target is a class index; otherwise the target is compared element-wise with the output.
 */
public record Example(float[] input, float[] target) {
    public Example {
        if (input.length == 0) {
            throw new IllegalArgumentException("an example needs a non-empty input");
        }
        if (target.length == 0) {
            throw new IllegalArgumentException("an example needs a non-empty target");
        }
    }

    /** An example with a scalar target. */
    public static Example scalar(float[] input, float target) {
        return new Example(input, new float[] {target});
    }
}
