package kos.shell.ml;

import java.nio.file.Path;
import java.util.Locale;
import kos.insights.ml.MlModel;
import kos.insights.ml.MlModels;
import kos.insights.ml.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ml collect}. */
@Command(
        name = "collect",
        description = {
            "Run simulations and write a model's samples as a dataset.",
            "Features and labels come from the trace; the CSV carries the data's SHA-256 in its header",
            "line; default MODELS/datasets/MODEL.csv.",
            "Defaults: every scenario of the model, its training seeds."
        })
final class CollectCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model (see 'ml models').")
    String model;

    @Mixin
    RunSelection runs = new RunSelection();

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the dataset (atomically).")
    Path out;

    @Override
    public void run() {
        MlModel m = MlModels.get(model);
        Pipeline.Collected c =
                pipeline().collect(m, runs.scenarios, runs.seedList(m.trainSeeds()), out, session::isInterrupted);
        print(
                c,
                () -> String.format(
                        Locale.ROOT,
                        "collected %d samples for %s from scenarios %s, seeds %s%nwrote %s%nsha256 %s",
                        c.rows(),
                        c.model(),
                        String.join(",", c.scenarios()),
                        c.seeds(),
                        c.file(),
                        c.sha256()));
    }
}
