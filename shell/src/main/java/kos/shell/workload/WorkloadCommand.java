package kos.shell.workload;

import java.util.ArrayList;
import java.util.List;
import kos.shell.CommandGroup;
import kos.shell.JsonCommand;
import kos.shell.OptionPairs;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.Quantities;
import kos.sim.WorkloadCatalog;
import kos.sim.WorkloadParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code workload}: start, list and stop the named workloads the subsystems provide. */
@Command(
        name = "workload",
        description = "Start, list and stop workloads (memory and task generators).",
        subcommands = {WorkloadCommand.Start.class, WorkloadCommand.ListCmd.class, WorkloadCommand.Stop.class})
public final class WorkloadCommand extends CommandGroup {

    @Command(
            name = "start",
            description = {
                "Start a workload by name with --option value pairs, e.g.",
                "  workload start leak --rate 8MiB/s --type movable",
                "'workload list --available' shows the names and their options."
            })
    static final class Start extends ShellCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The workload's name.")
        String name;
        /** The workload's own options (the command runner empties the list after every command). */
        @Unmatched
        List<String> options = new ArrayList<>();

        @Override
        public void run() {
            int id = session.sim()
                    .workloads()
                    .start(name, new WorkloadParams(OptionPairs.parse("workload " + name, options)));
            session.out()
                    .println("workload " + id + " started: "
                            + session.sim().workloads().running().stream()
                                    .filter(r -> r.id() == id)
                                    .findFirst()
                                    .map(r -> r.workload().describe())
                                    .orElse(name));
        }
    }

    @Command(name = "list", description = "List running workloads, or with --available the kinds that can be started.")
    static final class ListCmd extends JsonCommand {
        @Option(names = "--available", description = "List the workload kinds and their options instead.")
        boolean available;

        record Kind(String name, String summary, List<String> options) {}

        record Running(int id, String name, String description) {}

        @Override
        public void run() {
            WorkloadCatalog c = session.sim().workloads();
            if (available) {
                List<Kind> kinds = c.factories().stream()
                        .map(f -> new Kind(
                                f.name(),
                                f.summary(),
                                f.options().stream().sorted().toList()))
                        .toList();
                print(kinds, () -> renderKinds(kinds));
            } else {
                List<Running> rs = c.running().stream()
                        .map(r -> new Running(
                                r.id(), r.workload().name(), r.workload().describe()))
                        .toList();
                print(rs, () -> renderRunning(rs));
            }
        }

        private static String renderKinds(List<Kind> kinds) {
            if (kinds.isEmpty()) {
                return "(no workloads available yet: initialise a subsystem first, e.g. 'mem init')";
            }
            TextTable t = new TextTable("name", "options", "what it does");
            kinds.forEach(k ->
                    t.row(k.name(), k.options().isEmpty() ? "-" : "--" + String.join(" --", k.options()), k.summary()));
            return t.toString();
        }

        private static String renderRunning(List<Running> rs) {
            if (rs.isEmpty()) {
                return "(no workloads running)";
            }
            TextTable t = new TextTable("id", "name", "description");
            rs.forEach(r -> t.row(r.id(), r.name(), r.description()));
            return t.toString();
        }
    }

    @Command(name = "stop", description = "Stop a running workload by id, or all of one name.")
    static final class Stop extends ShellCommand {
        @Parameters(paramLabel = "ID|NAME", description = "A workload id from 'workload list', or a name.")
        String which;

        @Override
        public void run() {
            WorkloadCatalog c = session.sim().workloads();
            if (!which.isEmpty() && which.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                c.stop(Quantities.parseInt(which, 0, Integer.MAX_VALUE, "workload id"));
                session.out().println("workload " + which + " stopped");
            } else {
                int n = c.stopByName(which);
                session.out().println(n + " workload(s) named " + which + " stopped");
            }
        }
    }
}
