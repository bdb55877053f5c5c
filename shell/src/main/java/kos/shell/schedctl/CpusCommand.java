package kos.shell.schedctl;

import java.util.Map;
import kos.sched.Scheduler;
import kos.shell.JsonCommand;
import kos.shell.app.Subsystems;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code schedctl cpus}. */
@Command(name = "cpus", description = "Show or set the CPU count (1..64; only before any task exists).")
final class CpusCommand extends JsonCommand {
    @Parameters(arity = "0..1", paramLabel = "N", description = "The CPU count.")
    Integer n;

    @Override
    public void run() {
        Scheduler s = Subsystems.scheduler(session);
        if (n != null) {
            s.setCpuCount(n);
        }
        print(Map.of("cpus", s.cpuCount()), () -> s.cpuCount() + " CPUs");
    }
}
