package kos.shell.loractl;

import java.nio.file.Path;
import java.util.Locale;
import kos.lora.peft.BaseWeights;
import kos.lora.peft.ModelsDir;
import kos.lora.train.AdapterTraining;
import kos.lora.train.DatasetFiles;
import kos.lora.train.Evaluation;
import kos.lora.train.Loss;
import kos.lora.train.OptimizerKind;
import kos.lora.train.TrainingConfig;
import kos.lora.train.TrainingResult;
import kos.shell.JsonCommand;
import kos.shell.ModelsOption;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loractl train}: the options of a training run; the training itself is {@link AdapterTraining}. */
@Command(
        name = "train",
        description = {
            "Train a LoRA adapter on a JSON-lines dataset and save it under the models directory.",
            "Each line: {\"input\": [numbers], \"target\": [numbers] or a number}. Without --base a base layer of",
            "the dataset's dimensions is created from the seed and saved with the adapter as",
            "base_model.safetensors. Progress goes to stderr; Ctrl-C cancels (nothing is saved)."
        })
final class TrainCommand extends JsonCommand {
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The dataset (JSON lines).")
    Path data;

    @Option(
            names = "--name",
            required = true,
            paramLabel = "NAME",
            description = "The adapter's name in the models directory.")
    String name;

    @Option(
            names = "--base",
            paramLabel = "FILE",
            description = "Base weights (safetensors: <module>.weight, or a single tensor).")
    Path base;

    @Option(
            names = "--module",
            defaultValue = "fc",
            paramLabel = "NAME",
            description = "The module name (default: ${DEFAULT-VALUE}).")
    String module;

    @Option(names = "--rank", defaultValue = "8", description = "LoRA rank r (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(
            names = "--alpha",
            defaultValue = "8",
            description = "lora_alpha (default: ${DEFAULT-VALUE}); scaling = alpha / r.")
    float alpha;

    @Option(names = "--rslora", description = "Scale by alpha / sqrt(r) (rank-stabilised LoRA).")
    boolean rslora;

    @Option(
            names = "--dropout",
            defaultValue = "0",
            description = "lora_dropout in [0, 1) (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--epochs", defaultValue = "20", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "8", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", description = "Learning rate (default: 0.001 for sgd, 0.01 for adam).")
    Float lr;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adam (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--loss", defaultValue = "mse", description = "mse or cross-entropy (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(
            names = "--validation",
            defaultValue = "0.2",
            description = "Share held out for validation (default: ${DEFAULT-VALUE}).")
    double validation;

    @Option(
            names = "--patience",
            defaultValue = "5",
            description = "Stop after this many epochs without improvement; 0 never (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(
            names = "--seed",
            description = "Seed of the base, the adapter, the split and the shuffles (default: the session seed).")
    Long seed;

    @Option(names = "--force", description = "Replace an existing adapter of the same name.")
    boolean force;

    @Mixin
    ModelsOption models = new ModelsOption();

    /** What a training run reports. */
    record Report(
            String name,
            String path,
            String state,
            String message,
            int epochs,
            int bestEpoch,
            boolean stoppedEarly,
            int trainExamples,
            int validationExamples,
            Evaluation before,
            Evaluation after,
            long parameters,
            long sizeOnDisk) {

        static Report of(String name, AdapterTraining.Outcome o) {
            TrainingResult r = o.result();
            return new Report(
                    name,
                    o.dir().toString(),
                    r.state().label(),
                    r.message(),
                    r.epochsRun(),
                    r.bestEpoch(),
                    r.stoppedEarly(),
                    r.trainExamples(),
                    r.validationExamples(),
                    r.before(),
                    r.after(),
                    r.parameters(),
                    ModelsDir.sizeOnDisk(o.dir()));
        }
    }

    @Override
    public void run() {
        AdapterTraining.Request request = request(seed != null ? seed : session.seed());
        session.checkInterrupted();
        AdapterTraining.Outcome o = AdapterTraining.train(
                models.get(),
                request,
                e -> {
                    session.err().println(e.line());
                    session.err().flush();
                },
                session::isInterrupted);
        session.err().println("trained in " + o.wallMs() + " ms");
        Report rep = Report.of(name, o);
        print(rep, () -> render(rep));
    }

    private AdapterTraining.Request request(long s) {
        OptimizerKind opt = OptimizerKind.parse(optimizer);
        float rate = lr != null ? lr : (opt == OptimizerKind.ADAM ? 0.01f : 0.001f);
        TrainingConfig cfg = new TrainingConfig(epochs, batch, rate, opt, Loss.parse(loss), validation, patience, 0, s);
        return new AdapterTraining.Request(
                name,
                DatasetFiles.load(data),
                data.getFileName().toString(),
                base == null ? null : BaseWeights.loadBase(base, module, false),
                base == null ? null : base.toAbsolutePath().toString(),
                module,
                rank,
                alpha,
                dropout,
                rslora,
                cfg,
                force);
    }

    private static String render(Report r) {
        boolean validated = r.validationExamples() > 0;
        return String.format(
                Locale.ROOT,
                "adapter %s saved to %s%n%s%nloss %.6f -> %.6f, accuracy %.1f%% -> %.1f%%"
                        + " on %d %s example(s); %d parameters, %s on disk",
                r.name(),
                r.path(),
                r.message(),
                r.before().loss(),
                r.after().loss(),
                100 * r.before().accuracy(),
                100 * r.after().accuracy(),
                validated ? r.validationExamples() : r.trainExamples(),
                validated ? "validation" : "training",
                r.parameters(),
                Quantities.formatBytes(r.sizeOnDisk()));
    }
}
