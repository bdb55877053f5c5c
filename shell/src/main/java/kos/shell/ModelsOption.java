package kos.shell;

import java.nio.file.Path;
import kos.lora.peft.ModelsDir;
import picocli.CommandLine.Option;

/** {@code --models DIR}, mixed into every command that reads or writes the models directory. */
public final class ModelsOption {
    @Option(
            names = "--models",
            paramLabel = "DIR",
            description = "The models directory (default: -Dkos.models, else ~/.kos/models).")
    Path dir;

    /** The directory given, else {@link ModelsDir#standard()}. */
    public ModelsDir get() {
        return ModelsDir.of(dir);
    }
}
