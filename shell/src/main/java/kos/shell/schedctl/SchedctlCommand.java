package kos.shell.schedctl;

import kos.shell.app.Subsystems;
import kos.shell.app.SchedulerViews;
import kos.sched.CostModel;
import kos.sched.PolicyFactory;
import kos.sched.SchedMetrics;
import kos.sched.Scheduler;
import kos.sched.Task;
import kos.sched.TaskMixes;
import kos.sched.Weights;
import kos.shell.Args;
import kos.shell.JsonOption;
import kos.shell.Output;
import kos.shell.OptionPairs;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.WorkloadParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code schedctl}: the simulated CPU scheduler's policy, machine, costs, tasks, statistics and trace. */
@Command(name = "schedctl",
        description = {"The CPU scheduler: policy, CPUs, costs, tasks, statistics, dispatch trace.",
                "The scheduler is created on first use with 2 CPUs and CFS."},
        subcommands = {SchedctlCommand.Policy.class, SchedctlCommand.Stats.class, SchedctlCommand.Tasks.class,
                SchedctlCommand.TraceCmd.class, SchedctlCommand.Quantum.class, SchedctlCommand.Cpus.class,
                SchedctlCommand.Cost.class, SchedctlCommand.WorkloadCmd.class, SchedctlCommand.Priorities.class,
                SchedctlCommand.Affinity.class, kos.shell.schedctl.TransformerCommand.class, kos.shell.schedctl.EvalCommand.class})
public final class SchedctlCommand extends ShellCommand {

    @Override
    public void run() {
        runDefault(new Stats());
    }

    record PolicyView(String name, Map<String, String> params, String description, String topology, int cpus) {
    }

    record PolicyKind(String name, String summary, List<String> options) {
    }

    @Command(name = "policy",
            description = {"Show the policy, or switch to NAME with --param value pairs, e.g.",
                    "  schedctl policy rr --quantum 5ms",
                    "  schedctl policy mlfq --levels 4 --boost 500ms",
                    "Every runnable task is handed to the new policy at once. --list shows the policies and their parameters."})
    static final class Policy extends ShellCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "fifo, sjf, stcf, srpt, rr, mlfq, cfs, eevdf, edf, or any registered policy.")
        String name;
        @Option(names = "--list", description = "List the available policies and their parameters.")
        boolean list;
        @Unmatched
        List<String> params = new ArrayList<>();
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            Scheduler s = Subsystems.scheduler(session);
            if (list) {
                List<PolicyKind> kinds = s.registry().all().stream()
                        .map(f -> new PolicyKind(f.name(), f.summary(), f.options().stream().sorted().toList())).toList();
                Output.print(session, json.enabled(), kinds, () -> {
                    TextTable t = new TextTable("name", "parameters", "what it does");
                    kinds.forEach(k -> t.row(k.name(), k.options().isEmpty() ? "-" : "--" + String.join(" --", k.options()), k.summary()));
                    return t.toString();
                });
                return;
            }
            if (name != null) {
                s.setPolicy(name, OptionPairs.parse("policy " + name, params));
            } else if (!params.isEmpty()) {
                throw new KosException("parameters given without a policy name (see 'schedctl policy --help')");
            }
            Scheduler.PolicyInfo p = s.policy();
            PolicyView v = new PolicyView(p.name(), p.params(), p.description(), p.topology().name().toLowerCase(Locale.ROOT), s.cpuCount());
            Output.print(session, json.enabled(), v, () -> (name != null ? "policy switched: " : "policy: ") + v.description()
                    + " (" + v.topology() + " run queue" + (v.topology().equals("per_cpu") ? "s" : "") + ", " + v.cpus() + " CPUs)");
        }
    }

    @Command(name = "stats",
            description = "Scheduling metrics: response, turnaround, wait, slowdown, wakeup latency (mean/p50/p95/p99), "
                    + "throughput, makespan, utilisation, switches and overhead, migrations, Jain fairness, deadline misses; overall and per class.")
    static final class Stats extends ShellCommand {
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            SchedMetrics m = Subsystems.scheduler(session).metrics();
            Output.print(session, json.enabled(), m, () -> render(m));
        }

        static String render(SchedMetrics m) {
            var st = m.stats();
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%s on %d CPUs at %s: %d tasks live (%d running, %d runnable, %d blocked), %d spawned, %d finished, %d killed, %d rejected%n",
                    st.policy(), st.cpus(), Quantities.formatDuration(st.timeNs()), st.liveTasks(), st.running(), st.runnable(), st.blocked(),
                    st.spawned(), st.completed(), st.killed(), st.rejected()));
            b.append(String.format(Locale.ROOT, "utilisation %.1f%%, overhead %s (%.2f%% of CPU time), %d dispatches, %d switches (%d voluntary, %d involuntary), %d migrations%n",
                    st.utilisation() * 100, Quantities.formatDuration(st.overheadNs()), m.overheadShare() * 100, st.dispatches(), st.switches(),
                    st.voluntarySwitches(), st.involuntarySwitches(), st.migrations()));
            b.append(String.format(Locale.ROOT, "throughput %.2f tasks/s, makespan %s ms, Jain fairness %.3f, realtime jobs %d, deadline misses %d%n%n",
                    m.throughputPerS(), SchedulerViews.ms(m.makespanMs()), m.jainFairness(), st.rtJobs(), st.deadlineMisses()));
            TextTable t = new TextTable("class", "tasks", "done", "metric (ms)", "mean", "p50", "p95", "p99", "max");
            List<SchedMetrics.ClassMetrics> rows = new ArrayList<>();
            rows.add(m.all());
            rows.addAll(m.byClass());
            for (SchedMetrics.ClassMetrics c : rows) {
                boolean first = true;
                for (var e : List.of(Map.entry("response", c.responseMs()), Map.entry("turnaround", c.turnaroundMs()),
                        Map.entry("wait", c.waitMs()), Map.entry("wakeup latency", c.wakeLatencyMs()),
                        Map.entry("slowdown (x)", c.slowdown()), Map.entry("bounded slowdown (x)", c.boundedSlowdown()))) {
                    SchedMetrics.Summary s = e.getValue();
                    t.row(first ? c.taskClass() : "", first ? c.tasks() : "", first ? c.finished() : "", e.getKey(),
                            SchedulerViews.ms(s.mean()), SchedulerViews.ms(s.p50()), SchedulerViews.ms(s.p95()), SchedulerViews.ms(s.p99()), SchedulerViews.ms(s.max()));
                    first = false;
                }
            }
            b.append(t);
            return b.toString();
        }
    }

    @Command(name = "tasks", description = "List tasks (live ones; --all includes finished and killed).")
    static final class Tasks extends ShellCommand {
        @Option(names = "--all", description = "Include finished and killed tasks.")
        boolean all;
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            Scheduler s = Subsystems.scheduler(session);
            print(session, s, all, json.enabled());
        }

        static void print(Session session, Scheduler s, boolean all, boolean asJson) {
            long now = s.simulation().now();
            List<SchedulerViews.TaskRow> rows = s.tasks().stream().filter(t -> all || !t.finished()).map(t -> SchedulerViews.TaskRow.of(t, now)).toList();
            Output.print(session, asJson, rows, () -> {
                if (rows.isEmpty()) {
                    return "(no tasks" + (all ? "" : " alive") + "; start some with 'task spawn' or 'workload start mixed')";
                }
                TextTable t = new TextTable("pid", "name", "class", "nice", "state", "cpu", "cpu time", "waited", "bursts", "switches", "migr");
                rows.forEach(r -> t.row(r.pid(), r.name(), r.taskClass(), r.nice(), r.state(), r.cpu() < 0 ? "-" : r.cpu(),
                        Quantities.formatDuration(r.cpuTimeNs()), Quantities.formatDuration(r.waitNs()), r.bursts(),
                        r.voluntarySwitches() + r.involuntarySwitches(), r.migrations()));
                return t.toString();
            });
        }
    }

    @Command(name = "trace", description = "Show the last N dispatch decisions with their reason (up to 4096 are kept).")
    static final class TraceCmd extends ShellCommand {
        @Parameters(paramLabel = "N", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
        int n;
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            if (n < 0) {
                throw new KosException("N must not be negative");
            }
            List<Scheduler.DispatchRecord> recs = Subsystems.scheduler(session).recentDispatches(n);
            Output.print(session, json.enabled(), recs, () -> {
                if (recs.isEmpty()) {
                    return "(no dispatch decisions yet)";
                }
                TextTable t = new TextTable("time", "cpu", "pid", "task", "after pid", "reason");
                recs.forEach(r -> t.row(Quantities.formatDuration(r.timeNs()), r.cpu(), r.pid(), r.task(), r.prevPid() == 0 ? "-" : r.prevPid(), r.reason()));
                return t.toString();
            });
        }
    }

    @Command(name = "quantum",
            description = "Show or set the time quantum of the current policy (rr, mlfq, edf's background queue).")
    static final class Quantum extends ShellCommand {
        @Parameters(arity = "0..1", paramLabel = "DURATION", description = "The new quantum, e.g. 5ms.")
        Args.Duration quantum;
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            Scheduler s = Subsystems.scheduler(session);
            Scheduler.PolicyInfo p = s.policy();
            PolicyFactory f = s.registry().get(p.name());
            if (!f.options().contains("quantum")) {
                throw new KosException("policy " + p.name() + " has no quantum (" + p.description() + "); rr, mlfq and edf have one");
            }
            if (quantum != null) {
                Map<String, String> params = new LinkedHashMap<>(p.params());
                params.put("quantum", quantum.ns() + "ns");
                s.setPolicy(p.name(), params);
            }
            String q = s.policy().params().getOrDefault("quantum", "default");
            Output.print(session, json.enabled(), Map.of("policy", p.name(), "quantum", q, "description", s.policy().description()),
                    () -> s.policy().description());
        }
    }

    @Command(name = "cpus", description = "Show or set the CPU count (1..64; only before any task exists).")
    static final class Cpus extends ShellCommand {
        @Parameters(arity = "0..1", paramLabel = "N", description = "The CPU count.")
        Integer n;
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            Scheduler s = Subsystems.scheduler(session);
            if (n != null) {
                s.setCpuCount(n);
            }
            Output.print(session, json.enabled(), Map.of("cpus", s.cpuCount()), () -> s.cpuCount() + " CPUs");
        }
    }

    record CostView(long switchNs, long refillNsPerMiB, long coldAfterNs, String description) {
    }

    @Command(name = "cost",
            description = {"Show or set the context-switch cost model: a direct cost per switch plus a cache refill",
                    "that grows with the working set and the time away (cold after --cold-after; a migration is cold)."})
    static final class Cost extends ShellCommand {
        @Option(names = "--switch", paramLabel = "DURATION", description = "Direct cost per switch (default 1.5us).")
        Args.Duration switchCost;
        @Option(names = "--refill", paramLabel = "DURATION", description = "Refill cost per MiB of working set when fully cold (default 25us).")
        Args.Duration refill;
        @Option(names = "--cold-after", paramLabel = "DURATION", description = "Time away after which the cache is fully cold (default 20ms).")
        Args.Duration coldAfter;
        @Option(names = "--zero", description = "No costs at all (textbook setting).")
        boolean zero;
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            Scheduler s = Subsystems.scheduler(session);
            CostModel c = zero ? CostModel.ZERO : s.config().costs();
            if (switchCost != null || refill != null || coldAfter != null) {
                c = new CostModel(switchCost != null ? switchCost.ns() : c.switchNs(), refill != null ? refill.ns() : c.refillNsPerMiB(),
                        coldAfter != null ? coldAfter.ns() : c.coldAfterNs());
            }
            s.setCosts(c);
            CostModel f = c;
            Output.print(session, json.enabled(), new CostView(f.switchNs(), f.refillNsPerMiB(), f.coldAfterNs(), f.describe()),
                    () -> "costs: " + f.describe());
        }
    }

    record MixKind(String name, String summary, List<String> options) {
    }

    @Command(name = "workload",
            description = {"List the task mixes, or start one (same as 'workload start NAME ...'), e.g.",
                    "  schedctl workload mixed --tasks 200 --load 0.85"})
    static final class WorkloadCmd extends ShellCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "interactive, batch, io-bound, mixed, heavy-tail, realtime.")
        String name;
        @Unmatched
        List<String> params = new ArrayList<>();
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            Scheduler s = Subsystems.scheduler(session);
            var catalog = s.simulation().workloads();
            if (name == null) {
                List<MixKind> kinds = catalog.factories().stream().filter(f -> TaskMixes.NAMES.contains(f.name()))
                        .map(f -> new MixKind(f.name(), f.summary(), f.options().stream().sorted().toList())).toList();
                Output.print(session, json.enabled(), kinds, () -> {
                    TextTable t = new TextTable("name", "options", "what it does");
                    kinds.forEach(k -> t.row(k.name(), "--" + String.join(" --", k.options()), k.summary()));
                    return t.toString();
                });
                return;
            }
            if (!TaskMixes.NAMES.contains(name)) {
                throw new KosException("unknown task mix '" + name + "': expected one of " + String.join(", ", TaskMixes.NAMES));
            }
            int id = catalog.start(name, new WorkloadParams(OptionPairs.parse("workload " + name, params)));
            String what = catalog.running().stream().filter(r -> r.id() == id).findFirst().map(r -> r.workload().describe()).orElse(name);
            Output.print(session, json.enabled(), Map.of("id", id, "description", what), () -> "workload " + id + " started: " + what);
        }
    }

    record PriorityRow(long pid, String name, int nice, int weight, double sharePercent) {
    }

    @Command(name = "priorities",
            description = {"Show live tasks' nice values, weights and their weight share, or set one: schedctl priorities PID NICE."})
    static final class Priorities extends ShellCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "PID")
        Long pid;
        @Parameters(index = "1", arity = "0..1", paramLabel = "NICE", description = "-20..19")
        Integer nice;
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            Scheduler s = Subsystems.scheduler(session);
            if (pid != null) {
                if (nice == null) {
                    throw new KosException("give the new nice value: schedctl priorities PID NICE");
                }
                s.setNice(pid, nice);
            }
            List<Task> live = s.tasks().stream().filter(t -> !t.finished()).toList();
            double total = live.stream().mapToDouble(t -> Weights.of(t.nice())).sum();
            List<PriorityRow> rows = live.stream().map(t -> new PriorityRow(t.pid(), t.name(), t.nice(), Weights.of(t.nice()),
                    total == 0 ? 0 : 100.0 * Weights.of(t.nice()) / total)).toList();
            Output.print(session, json.enabled(), rows, () -> {
                if (rows.isEmpty()) {
                    return "(no live tasks)";
                }
                TextTable t = new TextTable("pid", "name", "nice", "weight", "weight share %");
                rows.forEach(r -> t.row(r.pid(), r.name(), r.nice(), r.weight(), String.format(Locale.ROOT, "%.1f", r.sharePercent())));
                return t.toString();
            });
        }
    }

    @Command(name = "affinity",
            description = "Show a task's CPU affinity, or pin it: schedctl affinity PID CPU|any.")
    static final class Affinity extends ShellCommand {
        @Parameters(index = "0", paramLabel = "PID")
        long pid;
        @Parameters(index = "1", arity = "0..1", paramLabel = "CPU|any")
        String cpu;
        @Mixin
        JsonOption json = new JsonOption();

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
            Output.print(session, json.enabled(), Map.of("pid", pid, "cpu", a), () -> "task " + pid + " (" + t.name() + "): cpu " + a);
        }
    }
}
