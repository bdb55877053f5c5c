package kos.shell;

import kos.shell.autoctl.AutoctlCommand;
import kos.shell.crashctl.CrashctlCommand;
import kos.shell.lora.LoractlCommand;
import kos.shell.mem.MemCommand;
import kos.shell.mem.MemctlCommand;
import kos.shell.sched.PsCommand;
import kos.shell.sched.SchedCommand;
import kos.shell.sched.SchedctlCommand;
import kos.shell.sched.TaskCommand;
import kos.shell.sim.SimCommand;
import kos.shell.sim.WorkloadCommand;
import kos.shell.sona.SonaCommand;
import kos.shell.stress.StresstestCommand;

import java.util.List;

/**
 * The command groups of the shell, in the order {@code help} lists them. A subsystem's commands
 * live in its own package under {@code kos.shell} and are registered here with one line.
 */
final class CommandGroups {
    static final List<Class<?>> GROUPS = List.of(
            SimCommand.class,
            WorkloadCommand.class,
            MemCommand.class,
            MemctlCommand.class,
            SchedctlCommand.class,
            SchedCommand.class,
            TaskCommand.class,
            PsCommand.class,
            CrashctlCommand.class,
            AutoctlCommand.class,
            StresstestCommand.class,
            LoractlCommand.class,
            SonaCommand.class);

    private CommandGroups() {
    }
}
