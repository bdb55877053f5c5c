package kos.shell.ml;

import kos.insights.ml.Pipeline;
import kos.shell.JsonCommand;
import kos.shell.ModelsOption;
import picocli.CommandLine.Mixin;

/** The base of every {@code ml} subcommand: {@code --models DIR}, {@code --json} and the pipeline over that registry. */
abstract class RegistryCommand extends JsonCommand {
    @Mixin
    protected ModelsOption models = new ModelsOption();

    /** The training pipeline over the registry chosen by {@code --models} (or its default). */
    protected final Pipeline pipeline() {
        return new Pipeline(models.get().root());
    }
}
