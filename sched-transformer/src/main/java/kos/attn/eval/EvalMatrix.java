package kos.attn.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import kos.sched.Distribution;
import kos.sched.MixSpec;
import kos.sched.PolicyRegistry;
import kos.sched.SchedEval;
import kos.sched.SchedMetrics;
import kos.sim.KosException;

/**
 * The {@code schedctl eval} matrix: every mix x load x CPU count x policy on N seeds, each run a
 * {@link SchedEval#run} in a fresh simulation. Runs go to a thread pool but each is a pure function
 * of its spec and the results are gathered by position, so the report does not depend on the
 * thread count.
 */
public final class EvalMatrix {
    /**
     * A mix: the workload it runs with its parameters, and optionally its own loads and CPU counts
     * (empty: the plan's), its job size distributions (the Gittins policy's {@code --size}: one
     * distribution, or one per task class; null: not known, e.g. with realtime tasks, and
     * {@code gittins} is not run on it) and whether its tasks are CPU-only jobs (no I/O waits, no
     * realtime tasks: with 1 CPU an M/G/1 queue, where the Gittins policy is the size-blind optimum).
     */
    public record Mix(
            String name,
            String workload,
            Map<String, String> params,
            List<Double> loads,
            List<Integer> cpus,
            String sizes,
            boolean cpuOnly) {
        public Mix {
            params = Map.copyOf(params);
            loads = List.copyOf(loads);
            cpus = List.copyOf(cpus);
        }

        /** A built-in task mix of {@code kos.sched.TaskMixes}, at the plan's loads and CPU counts. */
        public Mix(String name, String workload, String sizes) {
            this(name, workload, Map.of(), List.of(), List.of(), sizes, false);
        }

        /** A {@link MixSpec} (shipped name, file or inline), run by the {@code mix} workload. */
        public static Mix of(MixSpec spec, String text) {
            String sizes = null;
            if (spec.realtime().isEmpty()) {
                List<String> parts = new ArrayList<>();
                for (MixSpec.ClassSpec c : spec.classes()) {
                    String part = c.taskClass().label() + "=" + c.work().describe();
                    if (!parts.contains(part)) {
                        parts.add(part);
                    }
                }
                boolean distinct = parts.size() == spec.classes().size();
                sizes = spec.classes().size() == 1
                        ? spec.classes().get(0).work().describe()
                        : distinct ? String.join(",", parts) : null; // two lines of one class: a mixture, not given
            }
            boolean cpuOnly = spec.realtime().isEmpty()
                    && spec.classes().stream().allMatch(c -> c.burst() == null && c.io() == null);
            return new Mix(spec.name(), "mix", Map.of("spec", text), spec.loads(), spec.cpus(), sizes, cpuOnly);
        }

        /** The four built-in mixes by name ({@code interactive-heavy} or its workload {@code interactive}), else a {@link MixSpec}. */
        public static Mix resolve(String text) {
            for (Mix m : MIXES) {
                if (m.name().equals(text) || m.workload().equals(text)) {
                    return m;
                }
            }
            return of(MixSpec.resolve(text), text);
        }
    }

    /** The four built-in mixes, with the size distributions of their task templates ({@code kos.sched.TaskMixes}). */
    public static final List<Mix> MIXES = List.of(
            new Mix("interactive-heavy", "interactive", "interactive=exp:60ms"),
            new Mix("batch-heavy", "batch", "batch=exp:1s"),
            new Mix("mixed", "mixed", "interactive=exp:60ms,batch=exp:1s,io-bound=exp:30ms"),
            new Mix(
                    "heavy-tail",
                    "heavy-tail",
                    Map.of(),
                    List.of(),
                    List.of(),
                    Distribution.Pareto.withMean(1.5, 20e6).describe(),
                    true));
    /** The shipped extra mixes ({@link MixSpec#NAMED}), for {@code --mix new}. */
    public static List<Mix> newMixes() {
        return MixSpec.NAMED.stream().map(Mix::resolve).toList();
    }

    public static final List<String> POLICIES =
            List.of("cfs", "eevdf", "rr", "mlfq", "las", "gittins", "attention", "srpt");
    /** Policies that read the oracle: excluded from the size-blind best. */
    public static final List<String> CLAIRVOYANT = List.of("srpt", "stcf", "sjf");

    /**
     * @param tasks tasks per run (the mix's {@code --tasks})
     */
    public record Plan(
            List<Mix> mixes,
            List<Double> loads,
            List<Integer> cpus,
            List<String> policies,
            List<Long> seeds,
            int tasks,
            Map<String, String> attentionParams) {
        public Plan {
            mixes = List.copyOf(mixes);
            loads = List.copyOf(loads);
            cpus = List.copyOf(cpus);
            policies = List.copyOf(policies);
            seeds = List.copyOf(seeds);
            attentionParams = Map.copyOf(attentionParams);
            if (mixes.isEmpty() || loads.isEmpty() || cpus.isEmpty() || policies.isEmpty() || seeds.isEmpty()) {
                throw new KosException("eval needs at least one mix, load, CPU count, policy and seed");
            }
            if (tasks <= 0) {
                throw new KosException("--tasks must be positive");
            }
        }

        public static Plan standard(List<Long> seeds, int tasks) {
            return new Plan(MIXES, List.of(0.7, 0.9), List.of(1, 4), POLICIES, seeds, tasks, Map.of());
        }

        /** The cells (mix, load, CPUs, policy) in report order. */
        public List<Cell> cells() {
            List<Cell> out = new ArrayList<>();
            for (Mix m : mixes) {
                for (double load : m.loads().isEmpty() ? loads : m.loads()) {
                    for (int c : m.cpus().isEmpty() ? cpus : m.cpus()) {
                        for (String p : policies) {
                            if (!p.equals("gittins") || m.sizes() != null) {
                                out.add(new Cell(m, load, c, p));
                            }
                        }
                    }
                }
            }
            return out;
        }

        public int runs() {
            return cells().size() * seeds.size();
        }
    }

    /** One cell of the matrix. */
    public record Cell(Mix mix, double load, int cpus, String policy) {}

    /**
     * One cell: a policy on one mix, load and CPU count, over the seeds (each metric is the mean of
     * the per-seed values unless said otherwise; times in ms of virtual time).
     *
     * @param interactiveP99ResponseMs NaN when the mix has no interactive tasks
     * @param p99WakeupMsByClass       per task class, the mean over seeds of the p99 wakeup latency
     * @param deadlineMissRate         realtime deadline misses / realtime jobs, summed over seeds (NaN: no realtime jobs)
     * @param maxWaitMs                the longest single wait from becoming runnable to running, over all seeds (max, not mean)
     * @param finished                 whether every run finished all its tasks within the limit
     * @param cpuOnly                  whether the mix's tasks are CPU-only jobs (no I/O, no realtime tasks)
     * @param seedMeanTurnaroundMs     the mean turnaround of each seed's run, in seed order
     * @param vsCfsPct                 mean over seeds of {@code 100 (cfs - this) / cfs} of the same seed's mean turnaround
     *                                 (positive: better than CFS); NaN without a CFS row
     * @param vsCfsCi95Pct             half width of its 95% confidence interval (Student t over the paired seeds; NaN for one seed)
     */
    public record Row(
            String mix,
            double load,
            int cpus,
            String policy,
            int seeds,
            double meanTurnaroundMs,
            double p99TurnaroundMs,
            double interactiveP99ResponseMs,
            Map<String, Double> p99WakeupMsByClass,
            double switches,
            double switchOverheadMs,
            double maxWaitMs,
            double fairness,
            long deadlineMisses,
            long rtJobs,
            double deadlineMissRate,
            boolean finished,
            boolean cpuOnly,
            List<Double> seedMeanTurnaroundMs,
            double vsCfsPct,
            double vsCfsCi95Pct) {
        Row withVsCfs(double pct, double ci) {
            return new Row(
                    mix,
                    load,
                    cpus,
                    policy,
                    seeds,
                    meanTurnaroundMs,
                    p99TurnaroundMs,
                    interactiveP99ResponseMs,
                    p99WakeupMsByClass,
                    switches,
                    switchOverheadMs,
                    maxWaitMs,
                    fairness,
                    deadlineMisses,
                    rtJobs,
                    deadlineMissRate,
                    finished,
                    cpuOnly,
                    seedMeanTurnaroundMs,
                    pct,
                    ci);
        }

        boolean sameCell(Row o) {
            return mix.equals(o.mix) && load == o.load && cpus == o.cpus;
        }
    }

    private EvalMatrix() {}

    /** Runs the plan on {@code threads} threads; {@code progress} gets the number of runs done after each (from worker threads). */
    public static List<Row> run(Plan plan, PolicyRegistry registry, int threads, IntConsumer progress) {
        return run(plan, registry, threads, progress, () -> false);
    }

    /** As above; stops with a KosException within 0.1 s of {@code cancelled} turning true (runs under way are abandoned). */
    public static List<Row> run(
            Plan plan, PolicyRegistry registry, int threads, IntConsumer progress, BooleanSupplier cancelled) {
        List<Cell> cells = plan.cells();
        List<SchedEval.Spec> specs = new ArrayList<>();
        for (Cell cell : cells) {
            for (long seed : plan.seeds()) {
                Map<String, String> params = new LinkedHashMap<>(cell.mix().params());
                params.put("tasks", Integer.toString(plan.tasks()));
                params.put("load", Double.toString(cell.load()));
                Map<String, String> pp = switch (cell.policy()) {
                    case "attention" -> plan.attentionParams();
                    case "gittins" -> Map.of("size", cell.mix().sizes());
                    default -> Map.of();
                };
                specs.add(SchedEval.Spec.of(cell.mix().workload(), params, cell.policy(), cell.cpus(), seed)
                        .withPolicy(cell.policy(), pp));
            }
        }
        for (String p : plan.policies()) {
            registry.get(p); // fail fast with the list of known names
        }
        SchedMetrics[] results = new SchedMetrics[specs.size()];
        boolean[] finished = new boolean[specs.size()];
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "kos-eval");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                int at = i;
                futures.add(pool.submit(() -> {
                    SchedEval.Result r = SchedEval.run(specs.get(at), registry);
                    results[at] = r.metrics();
                    finished[at] = r.finished();
                    if (progress != null) {
                        progress.accept(done.incrementAndGet());
                    }
                }));
            }
            for (Future<?> fu : futures) {
                while (true) {
                    if (cancelled.getAsBoolean()) {
                        throw new KosException("interrupted");
                    }
                    try {
                        fu.get(100, TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException e) {
                        // poll the cancel flag again
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KosException("eval interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof KosException k) {
                throw k;
            }
            throw new KosException("eval run failed: " + c);
        } finally {
            pool.shutdownNow();
        }
        List<Row> rows = new ArrayList<>();
        int s = plan.seeds().size();
        for (int ci = 0; ci < cells.size(); ci++) {
            rows.add(aggregate(cells.get(ci), results, finished, ci * s, s));
        }
        return withVsCfs(rows);
    }

    private static Row aggregate(Cell cell, SchedMetrics[] results, boolean[] finished, int base, int s) {
        double mt = 0, p99 = 0, resp = 0, sw = 0, ov = 0, maxWait = 0, fair = 0;
        int respN = 0;
        long misses = 0, jobs = 0;
        boolean fin = true;
        List<Double> perSeed = new ArrayList<>();
        Map<String, double[]> wake = new LinkedHashMap<>();
        for (int k = base; k < base + s; k++) {
            SchedMetrics m = results[k];
            mt += m.all().turnaroundMs().mean();
            perSeed.add(m.all().turnaroundMs().mean());
            p99 += m.all().turnaroundMs().p99();
            sw += m.all().switches();
            ov += m.all().overheadMs();
            maxWait = Math.max(maxWait, m.all().wakeLatencyMs().max());
            fair += m.jainFairness();
            misses += m.all().deadlineMisses();
            jobs += m.all().rtJobs();
            fin &= finished[k];
            for (SchedMetrics.ClassMetrics cm : m.byClass()) {
                if (cm.taskClass().equals("interactive") && cm.responseMs().count() > 0) {
                    resp += cm.responseMs().p99();
                    respN++;
                }
                if (cm.wakeLatencyMs().count() > 0) {
                    double[] acc = wake.computeIfAbsent(cm.taskClass(), x -> new double[2]);
                    acc[0] += cm.wakeLatencyMs().p99();
                    acc[1]++;
                }
            }
        }
        Map<String, Double> wakeP99 = new LinkedHashMap<>();
        wake.forEach((k, v) -> wakeP99.put(k, v[0] / v[1]));
        return new Row(
                cell.mix().name(),
                cell.load(),
                cell.cpus(),
                cell.policy(),
                s,
                mt / s,
                p99 / s,
                respN == 0 ? Double.NaN : resp / respN,
                wakeP99,
                sw / s,
                ov / s,
                maxWait,
                fair / s,
                misses,
                jobs,
                jobs == 0 ? Double.NaN : (double) misses / jobs,
                fin,
                cell.mix().cpuOnly(),
                perSeed,
                Double.NaN,
                Double.NaN);
    }

    /** Fills in each row's paired difference against the CFS row of its cell. */
    static List<Row> withVsCfs(List<Row> rows) {
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Row cfs = rows.stream()
                    .filter(x -> x.policy().equals("cfs") && x.sameCell(r))
                    .findFirst()
                    .orElse(null);
            if (cfs == null) {
                out.add(r);
                continue;
            }
            double[] d = new double[r.seeds()];
            for (int i = 0; i < d.length; i++) {
                double c = cfs.seedMeanTurnaroundMs().get(i);
                d[i] = c == 0 ? 0 : 100 * (c - r.seedMeanTurnaroundMs().get(i)) / c;
            }
            out.add(r.withVsCfs(Stats.mean(d), Stats.ci95HalfWidth(d)));
        }
        return out;
    }

    /** The row of {@code policy} in the same cell as {@code like}, or null. */
    public static Row find(List<Row> rows, Row like, String policy) {
        return rows.stream()
                .filter(r -> r.policy().equals(policy) && r.sameCell(like))
                .findFirst()
                .orElse(null);
    }

    /** The row with the lowest mean turnaround in {@code like}'s cell among the listed policies, or null. */
    public static Row best(List<Row> rows, Row like, List<String> policies) {
        Row b = null;
        for (Row r : rows) {
            if (r.sameCell(like)
                    && policies.contains(r.policy())
                    && (b == null || r.meanTurnaroundMs() < b.meanTurnaroundMs())) {
                b = r;
            }
        }
        return b;
    }

    /**
     * The best size-blind row of the cell: lowest mean turnaround among policies that read no oracle, except
     * {@code except}, and that miss no more realtime deadlines than {@code like} (a policy that lets realtime jobs slip
     * gives their CPU time to the others: not a bound for one that keeps them).
     */
    public static Row bestBlind(List<Row> rows, Row like, String except) {
        Row b = null;
        for (Row r : rows) {
            if (r.sameCell(like)
                    && !CLAIRVOYANT.contains(r.policy())
                    && !r.policy().equals(except)
                    && r.deadlineMisses() <= like.deadlineMisses()
                    && (b == null || r.meanTurnaroundMs() < b.meanTurnaroundMs())) {
                b = r;
            }
        }
        return b;
    }
}
