package kos.shell;

import java.util.List;
import kos.shell.autoctl.AutoctlCommand;
import kos.shell.crashctl.CrashctlCommand;
import kos.shell.devctl.DevctlCommand;
import kos.shell.llmctl.LlmctlCommand;
import kos.shell.llmctl.LlminferCommand;
import kos.shell.llmctl.LlmstatsCommand;
import kos.shell.loractl.LoractlCommand;
import kos.shell.mem.MemCommand;
import kos.shell.memctl.MemctlCommand;
import kos.shell.ml.MlCommand;
import kos.shell.ps.PsCommand;
import kos.shell.report.ReportCommand;
import kos.shell.sched.SchedCommand;
import kos.shell.schedctl.SchedctlCommand;
import kos.shell.sim.SimCommand;
import kos.shell.sona.SonaCommand;
import kos.shell.stresstest.StresstestCommand;
import kos.shell.task.TaskCommand;
import kos.shell.threatctl.ThreatctlCommand;
import kos.shell.workload.WorkloadCommand;

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
            ReportCommand.class,
            LlmctlCommand.class,
            LlminferCommand.class,
            LlmstatsCommand.class,
            MlCommand.class,
            SonaCommand.class,
            ThreatctlCommand.class,
            DevctlCommand.class);

    private CommandGroups() {}
}
