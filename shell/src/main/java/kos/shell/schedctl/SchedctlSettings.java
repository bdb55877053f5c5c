package kos.shell.schedctl;

import kos.shell.app.Subsystems;
import kos.sched.CostModel;
import kos.sched.PolicyFactory;
import kos.sched.Scheduler;
import kos.sched.Task;
import kos.sched.TaskMixes;
import kos.sched.Weights;
import kos.shell.Args;
import kos.shell.JsonCommand;
import kos.shell.OptionPairs;
import kos.shell.TextTable;
import kos.sim.KosException;
import kos.sim.WorkloadParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code schedctl quantum|cpus|cost|workload|priorities|affinity}: the simulated machine and its tasks' settings. */
final class SchedctlSettings {
    private SchedctlSettings() {
    }

    @Command(name = "quantum",
            description = "Show or set the time quantum of the current policy (rr, mlfq, edf's background queue).")
    static final class Quantum extends JsonCommand {
        @Parameters(arity = "0..1", paramLabel = "DURATION", description = "The new quantum, e.g. 5ms.")
        Args.Duration quantum;

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
            print(Map.of("policy", p.name(), "quantum", q, "description", s.policy().description()),
                    () -> s.policy().description());
        }
    }

    @Command(name = "cpus", description = "Show or set the CPU count (1..64; only before any task exists).")
    static final class Cpus extends JsonCommand {
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

    record CostView(long switchNs, long refillNsPerMiB, long coldAfterNs, String description) {
    }

    @Command(name = "cost",
            description = {"Show or set the context-switch cost model: a direct cost per switch plus a cache refill",
                    "that grows with the working set and the time away (cold after --cold-after; a migration is cold)."})
    static final class Cost extends JsonCommand {
        @Option(names = "--switch", paramLabel = "DURATION", description = "Direct cost per switch (default 1.5us).")
        Args.Duration switchCost;
        @Option(names = "--refill", paramLabel = "DURATION", description = "Refill cost per MiB of working set when fully cold (default 25us).")
        Args.Duration refill;
        @Option(names = "--cold-after", paramLabel = "DURATION", description = "Time away after which the cache is fully cold (default 20ms).")
        Args.Duration coldAfter;
        @Option(names = "--zero", description = "No costs at all (textbook setting).")
        boolean zero;

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
            print(new CostView(f.switchNs(), f.refillNsPerMiB(), f.coldAfterNs(), f.describe()),
                    () -> "costs: " + f.describe());
        }
    }

    record MixKind(String name, String summary, List<String> options) {
    }

    @Command(name = "workload",
            description = {"List the task mixes, or start one (same as 'workload start NAME ...'), e.g.",
                    "  schedctl workload mixed --tasks 200 --load 0.85"})
    static final class WorkloadCmd extends JsonCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "interactive, batch, io-bound, mixed, heavy-tail, realtime.")
        String name;
        @Unmatched
        List<String> params = new ArrayList<>();

        @Override
        public void run() {
            Scheduler s = Subsystems.scheduler(session);
            var catalog = s.simulation().workloads();
            if (name == null) {
                List<MixKind> kinds = catalog.factories().stream().filter(f -> TaskMixes.NAMES.contains(f.name()))
                        .map(f -> new MixKind(f.name(), f.summary(), f.options().stream().sorted().toList())).toList();
                print(kinds, () -> {
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
            print(Map.of("id", id, "description", what), () -> "workload " + id + " started: " + what);
        }
    }

    record PriorityRow(long pid, String name, int nice, int weight, double sharePercent) {
    }

    @Command(name = "priorities",
            description = {"Show live tasks' nice values, weights and their weight share, or set one: schedctl priorities PID NICE."})
    static final class Priorities extends JsonCommand {
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
            List<Task> live = s.tasks().stream().filter(t -> !t.finished()).toList();
            double total = live.stream().mapToDouble(t -> Weights.of(t.nice())).sum();
            List<PriorityRow> rows = live.stream().map(t -> new PriorityRow(t.pid(), t.name(), t.nice(), Weights.of(t.nice()),
                    total == 0 ? 0 : 100.0 * Weights.of(t.nice()) / total)).toList();
            print(rows, () -> {
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
    static final class Affinity extends JsonCommand {
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
}
