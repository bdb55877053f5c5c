package kos.insights.ml;

import kos.sim.KosException;

/**
 * How {@link Trainer} fits a model.
 *
 * @param epochs     at most this many passes over the training rows
 * @param batch      rows per Adam step
 * @param learningRate Adam's step size
 * @param hidden     hidden units (0: a linear model)
 * @param patience   stop after this many epochs without a better validation loss (0: never stop early)
 * @param validation the share of each run's rows held out for validation: its last rows in time
 * @param seed       initial weights and shuffling: the same seed and data give the same model, bit for bit
 */
public record TrainConfig(
        int epochs, int batch, double learningRate, int hidden, int patience, double validation, long seed) {
    public static final TrainConfig DEFAULT = new TrainConfig(50, 64, 0.003, 16, 5, 0.2, 1);

    public TrainConfig {
        if (epochs < 1 || epochs > 100_000 || batch < 1 || hidden < 0 || hidden > 1024 || patience < 0) {
            throw new KosException(
                    "training parameters out of range: epochs 1..100000, batch >= 1, hidden 0..1024, patience >= 0");
        }
        if (!(learningRate > 0 && learningRate < 10) || !(validation > 0 && validation < 1)) {
            throw new KosException("learning rate must be in (0, 10) and the validation share in (0, 1)");
        }
    }
}
