package kos.shell;

import kos.shell.autoctl.AutoctlCommand;
import kos.shell.lora.LoractlCommand;
import kos.shell.sim.SimCommand;
import kos.shell.sim.WorkloadCommand;

import java.util.List;

/**
 * The command groups of the shell, in the order {@code help} lists them. A subsystem's commands
 * live in its own package under {@code kos.shell} and are registered here with one line.
 */
final class CommandGroups {
    static final List<Class<?>> GROUPS = List.of(
            SimCommand.class,
            WorkloadCommand.class,
            AutoctlCommand.class,
            LoractlCommand.class);

    private CommandGroups() {
    }
}
