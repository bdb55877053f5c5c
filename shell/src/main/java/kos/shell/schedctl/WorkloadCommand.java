package kos.shell.schedctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kos.sched.Scheduler;
import kos.sched.TaskMixes;
import kos.shell.JsonCommand;
import kos.shell.OptionPairs;
import kos.shell.TextTable;
import kos.shell.app.Subsystems;
import kos.sim.KosException;
import kos.sim.WorkloadCatalog;
import kos.sim.WorkloadParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code schedctl workload}. */
@Command(
        name = "workload",
        description = {
            "List the task mixes, or start one (same as 'workload start NAME ...'), e.g.",
            "  schedctl workload mixed --tasks 200 --load 0.85"
        })
final class WorkloadCommand extends JsonCommand {
    record MixKind(String name, String summary, List<String> options) {}

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "NAME",
            description = "interactive, batch, io-bound, mixed, heavy-tail, realtime.")
    String name;

    @Unmatched
    List<String> params = new ArrayList<>();

    @Override
    public void run() {
        Scheduler s = Subsystems.scheduler(session);
        var catalog = s.simulation().workloads();
        if (name == null) {
            listMixes(catalog);
            return;
        }
        if (!TaskMixes.NAMES.contains(name)) {
            throw new KosException(
                    "unknown task mix '" + name + "': expected one of " + String.join(", ", TaskMixes.NAMES));
        }
        int id = catalog.start(name, new WorkloadParams(OptionPairs.parse("workload " + name, params)));
        String what = catalog.running().stream()
                .filter(r -> r.id() == id)
                .findFirst()
                .map(r -> r.workload().describe())
                .orElse(name);
        print(Map.of("id", id, "description", what), () -> "workload " + id + " started: " + what);
    }

    private void listMixes(WorkloadCatalog catalog) {
        List<MixKind> kinds = catalog.factories().stream()
                .filter(f -> TaskMixes.NAMES.contains(f.name()))
                .map(f -> new MixKind(
                        f.name(), f.summary(), f.options().stream().sorted().toList()))
                .toList();
        print(kinds, () -> {
            TextTable t = new TextTable("name", "options", "what it does");
            kinds.forEach(k -> t.row(k.name(), "--" + String.join(" --", k.options()), k.summary()));
            return t.toString();
        });
    }
}
