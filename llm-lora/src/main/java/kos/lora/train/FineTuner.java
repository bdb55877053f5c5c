package kos.lora.train;

import kos.nn.LinearLayer;
import kos.nn.Optimizer;
import kos.nn.Parameter;
import kos.sim.KosException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import kos.sim.SeedStream;

/**
 * Trains the parameters a {@link LinearLayer} lists (for a LoRA-wrapped layer: the selected
 * adapter's A and B, the base frozen) on a {@link Dataset}: a seeded split into training and
 * validation, per epoch a seeded shuffle and mini-batches (gradients averaged over the batch,
 * one optimizer step per batch), a validation evaluation, early stopping on the validation loss
 * (the training loss when nothing is held out) and, at the end, the best epoch's parameters
 * restored. Everything is seeded, so the same model, data and config give the same bits.
 *
 * <p>States go idle, training, then completed, failed (non-finite loss, bad data) or cancelled
 * ({@link #cancel()} or the given supplier, checked before every batch). One run per instance.
 */
public final class FineTuner {
    /** The train/validation split: the run's seed itself (docs/architecture.md, seed table). */
    static final SeedStream SPLIT = SeedStream.given("lora.train.split");
    /** Each epoch's shuffle of the training examples ({@code seed ^ 0x5DEECE66D}, kept: the documented runs used it). */
    static final SeedStream SHUFFLE = SeedStream.xor("lora.train.shuffle", 0x5DEECE66DL);

    private final LinearLayer model;
    private final TrainingConfig config;
    private volatile TrainingState state = TrainingState.IDLE;
    private volatile boolean cancelRequested;

    public FineTuner(LinearLayer model, TrainingConfig config) {
        this.model = model;
        this.config = config;
    }

    public TrainingState state() {
        return state;
    }

    public TrainingConfig config() {
        return config;
    }

    /** Asks a running {@link #train} to stop before its next batch (thread-safe). */
    public void cancel() {
        cancelRequested = true;
    }

    /** Mean loss and accuracy of the model (evaluation mode) on {@code examples}. */
    public Evaluation evaluate(List<Example> examples) {
        if (examples.isEmpty()) {
            return new Evaluation(0, Double.NaN, Double.NaN);
        }
        model.training(false);
        int out = model.outFeatures();
        float[] y = new float[out], dy = new float[out], scratch = new float[out];
        double loss = 0;
        int correct = 0;
        for (Example e : examples) {
            model.forward(e.input(), 0, y, 0);
            loss += config.loss().lossAndGrad(y, e.target(), dy, scratch, 1f);
            if (config.loss().correct(y, e.target())) {
                correct++;
            }
        }
        return new Evaluation(examples.size(), loss / examples.size(), (double) correct / examples.size());
    }

    /**
     * Runs the training. {@code progress} receives one report per finished epoch; {@code cancelled}
     * (may be null) is polled with {@link #cancel()} before every batch.
     */
    public TrainingResult train(Dataset data, Consumer<EpochReport> progress, BooleanSupplier cancelled) {
        if (state != TrainingState.IDLE) {
            throw new IllegalStateException("a FineTuner runs once; this one is " + state.label());
        }
        state = TrainingState.TRAINING;
        try {
            return run(data, progress, cancelled);
        } catch (RuntimeException e) {
            state = TrainingState.FAILED;
            throw e;
        }
    }

    private TrainingResult run(Dataset data, Consumer<EpochReport> progress, BooleanSupplier cancelled) {
        List<EpochReport> history = new ArrayList<>();
        int out = model.outFeatures();
        if (data.inputDim() != model.inFeatures()) {
            throw new KosException("the dataset has inputs of " + data.inputDim() + " values but the model takes " + model.inFeatures());
        }
        config.loss().check(out, data.targetDim());
        for (int i = 0; i < data.size(); i++) {
            config.loss().checkExample(data.examples().get(i), out, i);
        }
        List<Parameter> params = model.parameters();
        long paramCount = params.stream().mapToLong(Parameter::size).sum();
        if (params.isEmpty()) {
            throw new KosException("the model " + model.name() + " has nothing to train (no live adapter?)");
        }
        Dataset.Split split = data.split(config.validationFraction(), SPLIT.seed(config.seed()));
        List<Example> train = new ArrayList<>(split.train());
        List<Example> watch = split.validation().isEmpty() ? split.train() : split.validation();
        Optimizer opt = config.optimizer().create(params, config.learningRate());
        opt.zeroGrad();
        float[][] best = new float[params.size()][];
        for (int i = 0; i < best.length; i++) {
            best[i] = params.get(i).value().clone();
        }
        Evaluation before = evaluate(watch);
        double bestLoss = before.loss();
        int bestEpoch = 0, sinceBest = 0, epoch = 0;
        boolean stoppedEarly = false;
        SplittableRandom shuffle = SHUFFLE.random(config.seed());
        float[] y = new float[out], dy = new float[out], scratch = new float[out];
        TrainingState end = TrainingState.COMPLETED;
        String message = null;
        outer:
        for (epoch = 1; epoch <= config.epochs(); epoch++) {
            model.training(true);
            Dataset.shuffle(train, shuffle);
            double lossSum = 0;
            for (int start = 0; start < train.size(); start += config.batchSize()) {
                if (cancelRequested || (cancelled != null && cancelled.getAsBoolean())) {
                    end = TrainingState.CANCELLED;
                    message = "cancelled during epoch " + epoch;
                    break outer;
                }
                int stop = Math.min(train.size(), start + config.batchSize());
                float scale = 1f / (stop - start);
                for (int i = start; i < stop; i++) {
                    Example e = train.get(i);
                    model.forward(e.input(), 0, y, 0);
                    lossSum += config.loss().lossAndGrad(y, e.target(), dy, scratch, scale);
                    model.backward(e.input(), 0, dy, 0, null, 0);
                }
                opt.step();
                opt.zeroGrad();
            }
            double trainLoss = lossSum / train.size();
            Evaluation val = evaluate(split.validation());
            double watched = split.validation().isEmpty() ? evaluate(watch).loss() : val.loss();
            if (!Double.isFinite(trainLoss) || !Double.isFinite(watched)) {
                end = TrainingState.FAILED;
                message = String.format(Locale.ROOT, "the loss became %s in epoch %d; try a lower learning rate (now %s)",
                        Double.isFinite(trainLoss) ? watched : trainLoss, epoch, config.learningRate());
                break;
            }
            boolean improved = watched < bestLoss - config.minDelta() || Double.isNaN(bestLoss);
            if (improved) {
                bestLoss = watched;
                bestEpoch = epoch;
                sinceBest = 0;
                for (int i = 0; i < best.length; i++) {
                    System.arraycopy(params.get(i).value(), 0, best[i], 0, best[i].length);
                }
            } else {
                sinceBest++;
            }
            EpochReport report = new EpochReport(epoch, config.epochs(), trainLoss, val, improved);
            history.add(report);
            if (progress != null) {
                progress.accept(report);
            }
            if (config.patience() > 0 && sinceBest >= config.patience()) {
                stoppedEarly = true;
                break;
            }
        }
        // keep the best parameters seen (the initial ones if no epoch improved)
        for (int i = 0; i < best.length; i++) {
            System.arraycopy(best[i], 0, params.get(i).value(), 0, best[i].length);
        }
        model.training(false);
        Evaluation after = evaluate(watch);
        if (message == null) {
            message = String.format(Locale.ROOT, "%s after %d epoch(s)%s; best epoch %d, loss %.6f -> %.6f",
                    stoppedEarly ? "stopped early" : "completed", history.size(),
                    stoppedEarly ? " (no improvement for " + config.patience() + ")" : "", bestEpoch, before.loss(), after.loss());
        }
        state = end;
        return new TrainingResult(end, message, history.size(), bestEpoch, stoppedEarly, before, after, List.copyOf(history),
                split.train().size(), split.validation().size(), paramCount);
    }
}
