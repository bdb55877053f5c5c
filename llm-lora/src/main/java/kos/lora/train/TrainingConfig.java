package kos.lora.train;

import kos.nn.Sgd;
import kos.sim.KosException;

/**
 * How the fine-tuner trains.
 *
 * @param epochs             passes over the training part, at least 1
 * @param batchSize          examples per optimizer step (gradients averaged), at least 1
 * @param learningRate       positive; the original kernel's SGD rate 0.001 by default
 * @param optimizer          SGD or Adam
 * @param loss               MSE or cross-entropy
 * @param validationFraction share of examples held out for validation, in [0, 1)
 * @param patience           stop after this many epochs without a validation-loss improvement
 *                           larger than {@code minDelta}; 0 never stops early
 * @param minDelta           the smallest decrease that counts as an improvement
 * @param seed               seeds the split and the per-epoch shuffles
 */
public record TrainingConfig(
        int epochs,
        int batchSize,
        float learningRate,
        OptimizerKind optimizer,
        Loss loss,
        double validationFraction,
        int patience,
        double minDelta,
        long seed) {
    public TrainingConfig {
        if (epochs < 1) {
            throw new KosException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new KosException("the batch size must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new KosException("the learning rate must be positive, got " + learningRate);
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new KosException("the validation fraction must be in [0, 1), got " + validationFraction);
        }
        if (patience < 0) {
            throw new KosException("patience must be 0 (off) or more, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new KosException("min-delta must be 0 or more");
        }
    }

    /** 20 epochs, batches of 8, SGD at 0.001, MSE, 20% validation, patience 5, seed 42. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(20, 8, Sgd.DEFAULT_LR, OptimizerKind.SGD, Loss.MSE, 0.2, 5, 0, 42);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(
                e, batchSize, learningRate, optimizer, loss, validationFraction, patience, minDelta, seed);
    }

    public TrainingConfig withOptimizer(OptimizerKind o, float lr) {
        return new TrainingConfig(epochs, batchSize, lr, o, loss, validationFraction, patience, minDelta, seed);
    }

    public TrainingConfig withLoss(Loss l) {
        return new TrainingConfig(
                epochs, batchSize, learningRate, optimizer, l, validationFraction, patience, minDelta, seed);
    }
}
