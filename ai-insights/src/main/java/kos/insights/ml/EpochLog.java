package kos.insights.ml;

/**
 * One training epoch: mean loss on the training rows, loss and accuracy (the model's own
 * definition, see {@link MlModel#accuracy}) on the validation rows, and the wall time it took
 * (informational; never compared).
 */
public record EpochLog(int epoch, double trainLoss, double valLoss, double valAccuracy, long wallMs) {}
