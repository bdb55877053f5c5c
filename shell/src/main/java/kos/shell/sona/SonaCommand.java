package kos.shell.sona;

import java.util.Locale;
import kos.shell.CommandGroup;
import kos.simd.Kernels;
import picocli.CommandLine.Command;

/** {@code sona}: SONA continual learning of the attention scheduler (docs/sona.md). */
@Command(
        name = "sona",
        description = {
            "SONA continual learning for the attention scheduler.",
            "MicroLoRA per decision (loop A); BaseLoRA, patterns and EWC++ every",
            "few simulated seconds (loop B); consolidation and dreams on demand",
            "(loop C). Off until 'sona on'. See docs/sona.md."
        },
        subcommands = {
            StatusCommand.class,
            LoopsCommand.class,
            PatternsCommand.class,
            EwcCommand.class,
            OnCommand.class,
            OffCommand.class,
            EvalCommand.class,
            ReportCommand.class
        })
public final class SonaCommand extends CommandGroup {

    static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** "on" or "off" as a boolean; anything else is one line naming the option. */
    static boolean onOff(String option, String value) {
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new kos.sim.KosException(option + " must be on or off, got '" + value + "'");
        };
    }

    static String kernels() {
        return Kernels.get().name();
    }
}
