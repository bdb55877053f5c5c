package kos.lora.train;

/**
 * A model's performance on some examples.
 *
 * @param examples how many were evaluated (0 gives NaN loss and accuracy)
 * @param loss     the mean loss
 * @param accuracy the share counted correct by {@link Loss#correct} (MSE: every output within 25%
 *                 of its target; cross-entropy: the right argmax), in [0, 1]
 */
public record Evaluation(int examples, double loss, double accuracy) {}
