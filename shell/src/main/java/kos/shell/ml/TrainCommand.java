package kos.shell.ml;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import kos.insights.ml.EpochLog;
import kos.insights.ml.MlModel;
import kos.insights.ml.MlModels;
import kos.insights.ml.Pipeline;
import kos.insights.ml.TrainConfig;
import kos.ml.registry.ModelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ml train}. */
@Command(
        name = "train",
        description = {
            "Train a new version of MODEL on its dataset and save it in the registry.",
            "The version holds its metrics, data hash, parameters and parent. The last 20%% of every",
            "run's samples are held out for validation; training stops early when the validation loss",
            "stops improving.",
            "Deterministic: the same data and --seed give the same weights."
        })
final class TrainCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
    String model;

    @Option(names = "--data", paramLabel = "FILE", description = "The dataset (default: MODELS/datasets/MODEL.csv).")
    Path data;

    @Option(names = "--epochs", paramLabel = "N", description = "At most N epochs (default: the model's).")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate (default: the model's).")
    Double lr;

    @Option(names = "--hidden", paramLabel = "N", description = "Hidden units; 0 = linear (default: the model's).")
    Integer hidden;

    @Option(
            names = "--patience",
            paramLabel = "N",
            description = "Epochs without improvement before stopping (default: the model's).")
    Integer patience;

    @Option(names = "--batch", paramLabel = "N", description = "Mini-batch size (default: the model's).")
    Integer batch;

    @Option(names = "--seed", paramLabel = "S", description = "Initial weights and shuffling (default: 1).")
    Long seed;

    @Override
    public void run() {
        MlModel m = MlModels.get(model);
        TrainConfig cfg = config(m.defaults());
        String source = "ml train "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Pipeline.Trained t = pipeline().train(m, data, cfg, source, e -> epochLine(cfg, e), session::isInterrupted);
        print(Map.of("version", t.version(), "epochs", t.result().epochs()), () -> saved(t));
    }

    /** The model's defaults with the options given on the command line. */
    private TrainConfig config(TrainConfig d) {
        return new TrainConfig(
                epochs != null ? epochs : d.epochs(),
                batch != null ? batch : d.batch(),
                lr != null ? lr : d.learningRate(),
                hidden != null ? hidden : d.hidden(),
                patience != null ? patience : d.patience(),
                d.validation(),
                seed != null ? seed : d.seed());
    }

    private static String saved(Pipeline.Trained t) {
        ModelVersion v = t.version();
        return String.format(
                Locale.ROOT,
                "saved %s v%d (parent %s): best epoch %d of %d%s, val loss %.5f, val accuracy %s, %d parameters, data %s",
                v.model(),
                v.version(),
                v.parent() == 0 ? "none" : "v" + v.parent(),
                t.result().bestEpoch(),
                t.result().epochs().size(),
                t.result().stoppedEarly() ? " (stopped early)" : "",
                t.result().best().valLoss(),
                Pipeline.pct(t.result().best().valAccuracy()),
                (long) (double) v.metrics().get("parameters"),
                v.dataHash().substring(0, 12));
    }

    private void epochLine(TrainConfig cfg, EpochLog e) {
        if (!json.enabled()) {
            session.out()
                    .printf(
                            Locale.ROOT,
                            "epoch %3d/%d  train loss %.5f  val loss %.5f  val accuracy %s  (%d ms)%n",
                            e.epoch(),
                            cfg.epochs(),
                            e.trainLoss(),
                            e.valLoss(),
                            Pipeline.pct(e.valAccuracy()),
                            e.wallMs());
            session.out().flush();
        }
    }
}
