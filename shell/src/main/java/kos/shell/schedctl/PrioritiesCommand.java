package kos.shell.schedctl;

import java.util.List;
import java.util.Locale;
import kos.sched.Scheduler;
import kos.sched.Task;
import kos.sched.Weights;
import kos.shell.JsonCommand;
import kos.shell.TextTable;
import kos.shell.app.Subsystems;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code schedctl priorities}. */
@Command(
        name = "priorities",
        description = {
            "Show live tasks' nice values, weights and their weight share, or set one: schedctl priorities PID NICE."
        })
final class PrioritiesCommand extends JsonCommand {
    record PriorityRow(long pid, String name, int nice, int weight, double sharePercent) {}

    @Parameters(index = "0", arity = "0..1", paramLabel = "PID")
    Long pid;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NICE", description = "-20..19")
    Integer nice;

    @Override
    public void run() {
        Scheduler s = Subsystems.scheduler(session);
        if (pid != null) {
            if (nice == null) {
                throw new KosException("give the new nice value: schedctl priorities PID NICE");
            }
            s.setNice(pid, nice);
        }
        List<PriorityRow> rows = rows(s);
        print(rows, () -> {
            if (rows.isEmpty()) {
                return "(no live tasks)";
            }
            TextTable t = new TextTable("pid", "name", "nice", "weight", "weight share %");
            rows.forEach(r -> t.row(
                    r.pid(), r.name(), r.nice(), r.weight(), String.format(Locale.ROOT, "%.1f", r.sharePercent())));
            return t.toString();
        });
    }

    /** Live tasks with their weight and their share of the total weight (percent). */
    private static List<PriorityRow> rows(Scheduler s) {
        List<Task> live = s.tasks().stream().filter(t -> !t.finished()).toList();
        double total = live.stream().mapToDouble(t -> Weights.of(t.nice())).sum();
        return live.stream()
                .map(t -> new PriorityRow(
                        t.pid(),
                        t.name(),
                        t.nice(),
                        Weights.of(t.nice()),
                        total == 0 ? 0 : 100.0 * Weights.of(t.nice()) / total))
                .toList();
    }
}
