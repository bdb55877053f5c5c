package kos.shell.ml;

import kos.ml.registry.ModelRegistry;
import kos.shell.JsonOption;
import kos.shell.ModelsOption;
import kos.shell.Output;
import kos.shell.ShellCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ml promote}. */
@Command(
        name = "promote",
        description = "Make version V of MODEL the one in use (loaded when the model is asked for without a version).")
final class PromoteCommand extends ShellCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "V", description = "The version, e.g. 3 or v3.")
    String version;

    @Mixin
    ModelsOption models = new ModelsOption();

    @Mixin
    JsonOption json = new JsonOption();

    @Override
    public void run() {
        ModelRegistry.Promotion p =
                MlCommand.pipeline(models).registry().promote(model, MlCommand.parseVersion(version));
        Output.print(session, json.enabled(), p, () -> "promoted " + p.model() + " v" + p.version());
    }
}
