package kos.shell.schedctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kos.attn.AttentionPolicy;
import kos.sched.Scheduler;
import kos.shell.JsonCommand;
import kos.shell.OptionPairs;
import kos.shell.Output;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.shell.app.FeatureGates;
import kos.shell.app.SchedulerViews;
import kos.shell.app.Subsystems;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code schedctl}: the simulated CPU scheduler's policy, machine, costs, tasks, statistics and trace. */
@Command(
        name = "schedctl",
        description = {
            "The CPU scheduler: policy, CPUs, costs, tasks, statistics, dispatch trace.",
            "The scheduler is created on first use with 2 CPUs and CFS."
        },
        subcommands = {
            SchedctlCommand.Policy.class,
            StatsCommand.class,
            SchedctlCommand.Tasks.class,
            SchedctlCommand.TraceCmd.class,
            QuantumCommand.class,
            CpusCommand.class,
            CostCommand.class,
            WorkloadCommand.class,
            PrioritiesCommand.class,
            AffinityCommand.class,
            TransformerCommand.class,
            EvalCommand.class
        })
public final class SchedctlCommand extends ShellCommand {

    @Override
    public void run() {
        runDefault(new StatsCommand());
    }

    record PolicyView(String name, Map<String, String> params, String description, String topology, int cpus) {}

    record PolicyKind(String name, String summary, List<String> options) {}

    @Command(
            name = "policy",
            description = {
                "Show the policy, or switch to NAME with --param value pairs, e.g.",
                "  schedctl policy rr --quantum 5ms",
                "  schedctl policy mlfq --levels 4 --boost 500ms",
                "Every runnable task is handed to the new policy at once. --list shows the policies and their parameters."
            })
    static final class Policy extends JsonCommand {
        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "NAME",
                description = "fifo, sjf, stcf, srpt, rr, mlfq, cfs, eevdf, edf, or any registered policy.")
        String name;

        @Option(names = "--list", description = "List the available policies and their parameters.")
        boolean list;

        @Unmatched
        List<String> params = new ArrayList<>();

        @Override
        public void run() {
            Scheduler s = Subsystems.scheduler(session);
            if (list) {
                listPolicies(s);
                return;
            }
            if (name != null) {
                if (name.equals(AttentionPolicy.NAME)) {
                    FeatureGates.of(session).require(FeatureGates.ATTENTION);
                }
                s.setPolicy(name, OptionPairs.parse("policy " + name, params));
            } else if (!params.isEmpty()) {
                throw new KosException("parameters given without a policy name (see 'schedctl policy --help')");
            }
            Scheduler.PolicyInfo p = s.policy();
            PolicyView v = new PolicyView(
                    p.name(), p.params(), p.description(), p.topology().name().toLowerCase(Locale.ROOT), s.cpuCount());
            print(
                    v,
                    () -> (name != null ? "policy switched: " : "policy: ") + v.description() + " (" + v.topology()
                            + " run queue" + (v.topology().equals("per_cpu") ? "s" : "") + ", " + v.cpus() + " CPUs)");
        }

        private void listPolicies(Scheduler s) {
            List<PolicyKind> kinds = s.registry().all().stream()
                    .map(f -> new PolicyKind(
                            f.name(), f.summary(), f.options().stream().sorted().toList()))
                    .toList();
            print(kinds, () -> {
                TextTable t = new TextTable("name", "parameters", "what it does");
                kinds.forEach(k -> t.row(
                        k.name(), k.options().isEmpty() ? "-" : "--" + String.join(" --", k.options()), k.summary()));
                return t.toString();
            });
        }
    }

    @Command(
            name = "tasks",
            description =
                    "List tasks (live ones; --all adds finished and killed ones, the most recent 8,192 finished).")
    static final class Tasks extends JsonCommand {
        @Option(names = "--all", description = "Include finished and killed tasks.")
        boolean all;

        @Override
        public void run() {
            Scheduler s = Subsystems.scheduler(session);
            print(session, s, all, json.enabled());
        }

        static void print(Session session, Scheduler s, boolean all, boolean asJson) {
            long now = s.simulation().now();
            List<SchedulerViews.TaskRow> rows = s.tasks().stream()
                    .filter(t -> all || !t.finished())
                    .map(t -> SchedulerViews.TaskRow.of(t, now))
                    .toList();
            Output.print(session, asJson, rows, () -> {
                if (rows.isEmpty()) {
                    return "(no tasks" + (all ? "" : " alive")
                            + "; start some with 'task spawn' or 'workload start mixed')";
                }
                TextTable t = new TextTable(
                        "pid",
                        "name",
                        "class",
                        "nice",
                        "state",
                        "cpu",
                        "cpu time",
                        "waited",
                        "bursts",
                        "switches",
                        "migr");
                rows.forEach(r -> t.row(
                        r.pid(),
                        r.name(),
                        r.taskClass(),
                        r.nice(),
                        r.state(),
                        r.cpu() < 0 ? "-" : r.cpu(),
                        Quantities.formatDuration(r.cpuTimeNs()),
                        Quantities.formatDuration(r.waitNs()),
                        r.bursts(),
                        r.voluntarySwitches() + r.involuntarySwitches(),
                        r.migrations()));
                return t.toString();
            });
        }
    }

    @Command(
            name = "trace",
            description = "Show the last N dispatch decisions with their reason (up to 4096 are kept).")
    static final class TraceCmd extends JsonCommand {
        @Parameters(paramLabel = "N", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
        int n;

        @Override
        public void run() {
            if (n < 0) {
                throw new KosException("N must not be negative");
            }
            List<Scheduler.DispatchRecord> recs = Subsystems.scheduler(session).recentDispatches(n);
            print(recs, () -> {
                if (recs.isEmpty()) {
                    return "(no dispatch decisions yet)";
                }
                TextTable t = new TextTable("time", "cpu", "pid", "task", "after pid", "reason");
                recs.forEach(r -> t.row(
                        Quantities.formatDuration(r.timeNs()),
                        r.cpu(),
                        r.pid(),
                        r.task(),
                        r.prevPid() == 0 ? "-" : r.prevPid(),
                        r.reason()));
                return t.toString();
            });
        }
    }
}
