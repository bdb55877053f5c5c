package kos.shell.ml;

import kos.shell.CommandGroup;
import picocli.CommandLine.Command;

/** {@code ml}: the training pipeline and the model registry. */
@Command(
        name = "ml",
        description = {
            "The training pipeline and the versioned model registry: collect samples from simulator runs,",
            "train a new version, evaluate it against the baselines, list, promote and A/B-compare versions.",
            "See docs/ml-pipeline.md."
        },
        subcommands = {
            CollectCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            ModelsCommand.class,
            PromoteCommand.class,
            AbCommand.class,
            ImportCommand.class,
            DecideCommand.class
        })
public final class MlCommand extends CommandGroup {

    static int parseVersion(String s) {
        String t = s.startsWith("v") ? s.substring(1) : s;
        try {
            int v = Integer.parseInt(t);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message
        }
        throw new kos.sim.KosException("'" + s + "' is not a version: expected a number such as 3 or v3");
    }
}
