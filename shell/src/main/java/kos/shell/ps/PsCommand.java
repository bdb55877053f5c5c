package kos.shell.ps;

import kos.sched.Scheduler;
import kos.sched.Task;
import kos.shell.JsonCommand;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.ProcessTable;
import kos.sim.Quantities;
import picocli.CommandLine.Command;

import java.util.List;

/** {@code ps}: every live process, with scheduling details for tasks. */
@Command(name = "ps", description = "List live processes; tasks show their class, state, CPU and CPU time.")
public final class PsCommand extends JsonCommand {

    record Row(long pid, String name, String kind, long startNs, String taskClass, Integer nice, String state, Integer cpu, Long cpuTimeNs) {
    }

    @Override
    public void run() {
        var sim = session.sim();
        Scheduler s = sim.find(Scheduler.class).orElse(null);
        List<Row> rows = sim.processes().live().stream().map(p -> row(p, s == null ? null : s.task(p.pid()))).toList();
        print(rows, () -> {
            if (rows.isEmpty()) {
                return "(no processes)";
            }
            TextTable t = new TextTable("pid", "name", "kind", "started", "class", "nice", "state", "cpu", "cpu time");
            rows.forEach(r -> t.row(r.pid(), r.name(), r.kind(), Quantities.formatDuration(r.startNs()), r.taskClass() == null ? "-" : r.taskClass(),
                    r.nice() == null ? "-" : r.nice(), r.state() == null ? "-" : r.state(), r.cpu() == null || r.cpu() < 0 ? "-" : r.cpu(),
                    r.cpuTimeNs() == null ? "-" : Quantities.formatDuration(r.cpuTimeNs())));
            return t.toString();
        });
    }

    private static Row row(ProcessTable.Process p, Task t) {
        if (t == null) {
            return new Row(p.pid(), p.name(), p.kind(), p.startNs(), null, null, null, null, null);
        }
        return new Row(p.pid(), p.name(), p.kind(), p.startNs(), t.taskClass().label(), t.nice(),
                t.state().name().toLowerCase(java.util.Locale.ROOT), t.cpu(), t.cpuTimeNs());
    }
}
