package kos.shell.ml;

import kos.ml.registry.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ml promote}. */
@Command(
        name = "promote",
        description = "Make version V of MODEL the one in use (loaded when the model is asked for without a version).")
final class PromoteCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "V", description = "The version, e.g. 3 or v3.")
    String version;

    @Override
    public void run() {
        ModelRegistry.Promotion p = pipeline().registry().promote(model, MlCommand.parseVersion(version));
        print(p, () -> "promoted " + p.model() + " v" + p.version());
    }
}
