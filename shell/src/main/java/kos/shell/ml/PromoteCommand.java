package kos.shell.ml;

import java.nio.file.Path;
import java.util.Map;
import kos.attn.DefaultWeights;
import kos.insights.crash.CrashModelStore;
import kos.ml.registry.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ml promote}. */
@Command(
        name = "promote",
        description = {
            "Make version V of MODEL the one in use, or withdraw the promotion (none).",
            "The promoted version is loaded when the model is asked for without a version;",
            "for crash-predictor and attention, by every new simulation). 'none' withdraws the promotion:",
            "crash-predictor and attention go back to the weights shipped in this build."
        })
final class PromoteCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "V|none", description = "The version, e.g. 3 or v3, or none.")
    String version;

    @Override
    public void run() {
        ModelRegistry reg = pipeline().registry();
        if (version.equals("none")) {
            boolean was = reg.unpromote(model);
            print(
                    Map.of("model", model, "promoted", "none", "withdrawn", was),
                    () -> was
                            ? "withdrew the promotion of " + model + ": its shipped weights are in use"
                            : model + " had no promoted version: nothing changed");
            return;
        }
        ModelRegistry.Promotion p = reg.promote(model, MlCommand.parseVersion(version));
        print(p, () -> "promoted " + p.model() + " v" + p.version() + elsewhere());
    }

    /**
     * For the models simulations load, a note when this is not the directory they load from (the
     * promotion is recorded, but a simulation will not see it without {@code -Dkos.models}).
     */
    private String elsewhere() {
        Path here = models.get().root().toAbsolutePath().normalize();
        Path standard = ModelRegistry.standardDir().toAbsolutePath().normalize();
        boolean loaded = model.equals(CrashModelStore.MODEL) || model.equals(DefaultWeights.MODEL);
        return loaded && !here.equals(standard)
                ? " in " + here + "; simulations load promoted weights from " + standard
                        + " (run kos with -Dkos.models=" + here + " to use it)"
                : "";
    }
}
