package kos.lora.train;

import java.util.List;

/**
 * How a training run ended.
 *
 * @param state        completed, failed or cancelled
 * @param message      a one-line summary (the reason when failed or cancelled)
 * @param epochsRun    epochs finished
 * @param bestEpoch    the epoch whose parameters the model holds at the end (0: the initial ones)
 * @param stoppedEarly whether early stopping ended the run
 * @param before       validation (or, without one, training) evaluation before training
 * @param after        the same examples after training, with the best parameters restored
 * @param history      one report per finished epoch
 * @param trainExamples      examples trained on
 * @param validationExamples examples held out
 * @param parameters   trainable values updated
 */
public record TrainingResult(
        TrainingState state,
        String message,
        int epochsRun,
        int bestEpoch,
        boolean stoppedEarly,
        Evaluation before,
        Evaluation after,
        List<EpochReport> history,
        int trainExamples,
        int validationExamples,
        long parameters) {}
