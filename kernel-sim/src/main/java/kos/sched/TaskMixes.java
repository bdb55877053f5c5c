package kos.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.Workload;
import kos.sim.WorkloadParams;

/**
 * The named, seeded task mixes, registered in {@code sim.workloads()}:
 * {@code workload start mixed --tasks 200 --load 0.85}.
 *
 * <p>Except for {@code realtime}, a mix spawns {@code --tasks} tasks with Poisson arrivals at the
 * rate that offers {@code --load} of the machine's CPU capacity: {@code lambda = load * cpus / E[work]}
 * (with {@code --arrival burst} they all arrive at once instead). Task templates (work is the
 * task's total CPU need, exponential with the given mean unless stated):
 * <ul>
 * <li>interactive: bursts exp 2 ms, think time exp 30 ms, work 60 ms, working set 256 KiB;</li>
 * <li>batch: bursts exp 100 ms, I/O exp 2 ms, work 1 s, working set 4 MiB;</li>
 * <li>io-bound: bursts exp 0.5 ms, I/O exp 5 ms, work 30 ms, working set 128 KiB;</li>
 * <li>mixed: 50% interactive, 20% batch, 30% io-bound;</li>
 * <li>heavy-tail: CPU-only jobs of Pareto(--shape 1.5) size with mean --mean (20 ms), working set 1 MiB;</li>
 * <li>realtime: --tasks (4) periodic tasks whose utilisations (UUniFast, each at most 0.85) sum to
 * load * cpus, periods drawn from --periods (10ms,20ms,40ms,100ms), implicit deadlines, --jobs per
 * task (0 = until the run ends).</li>
 * </ul>
 * Each workload instance draws from its own stream {@code sched.workload.NAME.N}.
 */
public final class TaskMixes {
    private TaskMixes() {}

    static final long MS = Quantities.NS_PER_MS;

    /** One task template: a class and how to draw its spec. */
    private record Template(TaskClass cls, double meanWorkNs, Distribution burst, Distribution io, long ws) {
        TaskSpec draw(String name, SplittableRandom r, int nice) {
            long work = Math.max(1, Math.round(-meanWorkNs * StrictMath.log(1.0 - r.nextDouble())));
            return new TaskSpec(name, nice, cls, burst, io, work, 0, ws, null, -1);
        }
    }

    private static final Template INTERACTIVE = new Template(
            TaskClass.INTERACTIVE, 60 * MS, Distribution.exp(2 * MS), Distribution.exp(30 * MS), 256 * Quantities.KIB);
    private static final Template BATCH = new Template(
            TaskClass.BATCH, 1000 * MS, Distribution.exp(100 * MS), Distribution.exp(2 * MS), 4 * Quantities.MIB);
    private static final Template IO = new Template(
            TaskClass.IO_BOUND, 30 * MS, Distribution.exp(MS / 2), Distribution.exp(5 * MS), 128 * Quantities.KIB);

    /** The mix names. */
    public static final List<String> NAMES =
            List.of("interactive", "batch", "io-bound", "mixed", "heavy-tail", "realtime");

    /** Registers the mixes in {@code sim.workloads()} unless already there. */
    public static void registerIfAbsent(Simulation sim) {
        for (String n : NAMES) {
            sim.workloads().registerIfAbsent(new Factory(n));
        }
        sim.workloads().registerIfAbsent(new SpecMix.Factory());
    }

    private static final class Factory implements Workload.Factory {
        private final String name;

        Factory(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String summary() {
            return switch (name) {
                case "interactive" -> "task mix: short CPU bursts, long think times (Poisson arrivals at --load)";
                case "batch" -> "task mix: long CPU bursts, little I/O";
                case "io-bound" -> "task mix: very short bursts between I/O waits";
                case "mixed" -> "task mix: 50% interactive, 20% batch, 30% io-bound";
                case "heavy-tail" -> "task mix: Pareto(1.5) CPU-only job sizes, Poisson arrivals at --load";
                default -> "periodic realtime tasks (UUniFast utilisations summing to --load x CPUs)";
            };
        }

        @Override
        public Set<String> options() {
            // sorted, so listings and error messages are stable (Set.of iterates in a per-JVM order)
            return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(
                    switch (name) {
                        case "realtime" -> Set.of("tasks", "load", "periods", "jobs", "nice");
                        case "heavy-tail" -> Set.of("tasks", "load", "mean", "shape", "arrival", "nice");
                        default -> Set.of("tasks", "load", "arrival", "nice");
                    }));
        }

        @Override
        public Workload create(Simulation sim, WorkloadParams p) {
            Scheduler s = Scheduler.of(sim);
            int nice = (int) p.integer("nice", 0, Weights.MIN_NICE, Weights.MAX_NICE);
            SplittableRandom r = sim.random().fresh("sched.workload." + name + "." + s.nextWorkloadInstance());
            if (name.equals("realtime")) {
                int n = (int) p.integer("tasks", 4, 1, 10_000);
                double load = p.number("load", 0.6, 0.0001, Scheduler.MAX_CPUS);
                long[] periods = parsePeriods(p.string("periods", "10ms,20ms,40ms,100ms"));
                long jobs = p.integer("jobs", 0, 0, Long.MAX_VALUE);
                return new RealtimeMix(s, r, n, load, periods, jobs, nice);
            }
            int n = (int) p.integer("tasks", 100, 1, 10_000_000);
            double load = p.number("load", 0.7, 0.0001, 100);
            String arrival = p.string("arrival", "poisson").toLowerCase(Locale.ROOT);
            if (!arrival.equals("poisson") && !arrival.equals("burst")) {
                throw new KosException("--arrival " + arrival + ": expected poisson or burst");
            }
            Template[] templates;
            double[] weights;
            Distribution heavy = null;
            switch (name) {
                case "interactive" -> {
                    templates = new Template[] {INTERACTIVE};
                    weights = new double[] {1};
                }
                case "batch" -> {
                    templates = new Template[] {BATCH};
                    weights = new double[] {1};
                }
                case "io-bound" -> {
                    templates = new Template[] {IO};
                    weights = new double[] {1};
                }
                case "mixed" -> {
                    templates = new Template[] {INTERACTIVE, BATCH, IO};
                    weights = new double[] {0.5, 0.2, 0.3};
                }
                default -> {
                    double shape = p.number("shape", 1.5, 1.01, 100);
                    long mean = p.duration("mean", 20 * MS);
                    if (mean <= 0) {
                        throw new KosException("--mean must be positive");
                    }
                    heavy = Distribution.Pareto.withMean(shape, mean);
                    templates = new Template[0];
                    weights = new double[0];
                }
            }
            double meanWork = heavy != null ? heavy.meanNs() : 0;
            for (int i = 0; i < templates.length; i++) {
                meanWork += weights[i] * templates[i].meanWorkNs();
            }
            double lambdaPerNs = load * s.cpuCount() / meanWork;
            return new ArrivalMix(
                    name, s, r, n, load, lambdaPerNs, arrival.equals("burst"), templates, weights, heavy, nice);
        }
    }

    static long[] parsePeriods(String text) {
        String[] parts = text.split(",");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Quantities.parseDuration(parts[i].trim());
            if (out[i] <= 0) {
                throw new KosException("--periods: every period must be positive");
            }
        }
        return out;
    }

    /** Spawns tasks drawn from templates at Poisson arrivals (or all at once). */
    private static final class ArrivalMix extends TaskArrivals {
        private final String name;
        private final int nice;
        private final Template[] templates;
        private final double[] weights;
        private final Distribution heavy;

        ArrivalMix(
                String name,
                Scheduler s,
                SplittableRandom r,
                int total,
                double load,
                double lambdaPerNs,
                boolean burst,
                Template[] templates,
                double[] weights,
                Distribution heavy,
                int nice) {
            super(s, r, total, load, lambdaPerNs, burst);
            this.name = name;
            this.templates = templates;
            this.weights = weights;
            this.heavy = heavy;
            this.nice = nice;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s: %d tasks, load %.2f of %d CPUs (%s, %.1f/s), %d spawned%s",
                    name,
                    total,
                    load,
                    s.cpuCount(),
                    burst ? "all at once" : "Poisson",
                    lambdaPerNs * 1e9,
                    spawned,
                    done ? ", done" : "");
        }

        @Override
        TaskSpec next() {
            String taskName = name + "-" + (spawned + 1);
            TaskSpec spec;
            if (heavy != null) {
                long size = heavy.sample(r, spawned);
                spec = new TaskSpec(
                        taskName,
                        nice,
                        TaskClass.BATCH,
                        Distribution.fixed(size),
                        null,
                        size,
                        0,
                        Quantities.MIB,
                        null,
                        -1);
            } else {
                double u = r.nextDouble(), acc = 0;
                Template t = templates[templates.length - 1];
                for (int i = 0; i < templates.length; i++) {
                    acc += weights[i];
                    if (u < acc) {
                        t = templates[i];
                        break;
                    }
                }
                spec = t.draw(taskName, r, nice);
            }
            return spec;
        }
    }

    /** Spawns periodic realtime tasks at once; admission rejections are counted, not fatal. */
    private static final class RealtimeMix implements Workload {
        private final Scheduler s;
        private final List<TaskSpec> specs = new ArrayList<>();
        private final double load;
        private int admitted, rejected;

        RealtimeMix(Scheduler s, SplittableRandom r, int n, double load, long[] periods, long jobs, int nice) {
            this.s = s;
            this.load = load;
            double total = load * s.cpuCount();
            if (total / n > 0.85) {
                throw new KosException(String.format(
                        Locale.ROOT,
                        "--load %.2f over %d tasks needs %.2f of a CPU each; use more tasks (each task gets at most 0.85)",
                        load,
                        n,
                        total / n));
            }
            double[] u = uunifast(r, n, total);
            for (int i = 0; i < n; i++) {
                long period = periods[r.nextInt(periods.length)];
                long wcet = Math.max(1, Math.round(u[i] * period));
                specs.add(new TaskSpec(
                        "rt-" + (i + 1),
                        nice,
                        TaskClass.REALTIME,
                        null,
                        null,
                        0,
                        0,
                        64 * Quantities.KIB,
                        new TaskSpec.Periodic(wcet, period, period, jobs, null),
                        -1));
            }
        }

        /** UUniFast-discard: n utilisations summing to {@code total}, each at most 0.85. */
        private static double[] uunifast(SplittableRandom r, int n, double total) {
            for (int attempt = 0; attempt < 10_000; attempt++) {
                double[] u = new double[n];
                double sum = total;
                boolean ok = true;
                for (int i = 0; i < n - 1; i++) {
                    double next = sum * StrictMath.pow(r.nextDouble(), 1.0 / (n - 1 - i));
                    u[i] = sum - next;
                    sum = next;
                    ok &= u[i] <= 0.85;
                }
                u[n - 1] = sum;
                if (ok && sum <= 0.85) {
                    return u;
                }
            }
            double[] even = new double[n];
            java.util.Arrays.fill(even, total / n);
            return even;
        }

        @Override
        public String name() {
            return "realtime";
        }

        @Override
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "realtime: %d periodic tasks, utilisation %.2f of %d CPUs, %d admitted, %d rejected",
                    specs.size(),
                    load,
                    s.cpuCount(),
                    admitted,
                    rejected);
        }

        @Override
        public void start(Simulation sim) {
            for (TaskSpec spec : specs) {
                try {
                    s.spawn(spec);
                    admitted++;
                } catch (KosException e) {
                    rejected++;
                }
            }
        }

        @Override
        public void stop(Simulation sim) {}
    }
}
