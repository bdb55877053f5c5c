package kos.lora.train;

import java.util.Locale;

/**
 * One epoch's progress.
 *
 * @param epoch      1-based
 * @param epochs     the configured number
 * @param trainLoss  mean training loss over the epoch (measured during the updates)
 * @param validation the validation evaluation after the epoch (examples 0 when there is none)
 * @param improved   whether this epoch is the best so far
 */
public record EpochReport(int epoch, int epochs, double trainLoss, Evaluation validation, boolean improved) {
    /** The progress line: {@code epoch 3/20  train loss 0.1234  val loss 0.2345  val acc 61.0% *}. */
    public String line() {
        String v = validation.examples() == 0
                ? ""
                : String.format(
                        Locale.ROOT, "  val loss %.6f  val acc %.1f%%", validation.loss(), 100 * validation.accuracy());
        return String.format(
                Locale.ROOT, "epoch %d/%d  train loss %.6f%s%s", epoch, epochs, trainLoss, v, improved ? "  *" : "");
    }
}
