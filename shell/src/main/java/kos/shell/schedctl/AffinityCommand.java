package kos.shell.schedctl;

import java.util.Map;
import kos.sched.Scheduler;
import kos.sched.Task;
import kos.shell.JsonCommand;
import kos.shell.app.Subsystems;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code schedctl affinity}. */
@Command(name = "affinity", description = "Show a task's CPU affinity, or pin it: schedctl affinity PID CPU|any.")
final class AffinityCommand extends JsonCommand {
    @Parameters(index = "0", paramLabel = "PID")
    long pid;

    @Parameters(index = "1", arity = "0..1", paramLabel = "CPU|any")
    String cpu;

    @Override
    public void run() {
        Scheduler s = Subsystems.scheduler(session);
        if (cpu != null) {
            int c;
            if (cpu.equalsIgnoreCase("any")) {
                c = -1;
            } else {
                try {
                    c = Integer.parseInt(cpu);
                } catch (NumberFormatException e) {
                    throw new KosException("bad cpu '" + cpu + "': expected a CPU number or 'any'");
                }
            }
            s.setAffinity(pid, c);
        }
        Task t = s.task(pid);
        if (t == null) {
            throw new KosException("no task with pid " + pid + " (see 'schedctl tasks')");
        }
        String a = t.pinnedCpu() < 0 ? "any" : String.valueOf(t.pinnedCpu());
        print(Map.of("pid", pid, "cpu", a), () -> "task " + pid + " (" + t.name() + "): cpu " + a);
    }
}
