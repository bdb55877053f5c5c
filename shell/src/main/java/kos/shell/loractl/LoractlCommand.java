package kos.shell.loractl;

import java.util.Locale;
import kos.shell.CommandGroup;
import picocli.CommandLine.Command;

/** {@code loractl}: LoRA adapters in PEFT's format: list, inspect, train, merge, delete, apply. */
@Command(
        name = "loractl",
        description = {
            "LoRA adapters (HuggingFace PEFT format) under the models directory",
            "(-Dkos.models=DIR or --models DIR; default ~/.kos/models)."
        },
        subcommands = {
            ListCommand.class,
            InfoCommand.class,
            TrainCommand.class,
            MergeCommand.class,
            DeleteCommand.class,
            ForwardCommand.class
        })
public final class LoractlCommand extends CommandGroup {

    /** A number as an integer when it is one, else with four significant digits. */
    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.4g", v);
    }
}
