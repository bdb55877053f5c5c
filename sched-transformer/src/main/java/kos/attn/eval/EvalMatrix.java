package kos.attn.eval;

import kos.sched.PolicyRegistry;
import kos.sched.SchedEval;
import kos.sched.SchedMetrics;
import kos.sim.KosException;

import java.util.ArrayList;
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

/**
 * The {@code schedctl eval} matrix: every mix x load x CPU count x policy on N seeds, each run a
 * {@link SchedEval#run} in a fresh simulation. Runs go to a thread pool but each is a pure function
 * of its spec and the results are gathered by position, so the report does not depend on the
 * thread count.
 */
public final class EvalMatrix {
    /** A named mix: the task-mix workload it runs ({@code interactive-heavy} is the {@code interactive} mix, and so on). */
    public record Mix(String name, String workload) {
    }

    public static final List<Mix> MIXES = List.of(new Mix("interactive-heavy", "interactive"), new Mix("batch-heavy", "batch"),
            new Mix("mixed", "mixed"), new Mix("heavy-tail", "heavy-tail"));
    public static final List<String> POLICIES = List.of("cfs", "eevdf", "rr", "mlfq", "attention", "srpt");

    /**
     * @param tasks tasks per run (the mix's {@code --tasks})
     */
    public record Plan(List<Mix> mixes, List<Double> loads, List<Integer> cpus, List<String> policies, List<Long> seeds, int tasks,
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

        public int runs() {
            return mixes.size() * loads.size() * cpus.size() * policies.size() * seeds.size();
        }
    }

    /**
     * One cell: a policy on one mix, load and CPU count, averaged over the seeds (each metric is
     * the mean of the per-seed values; times in ms of virtual time).
     *
     * @param interactiveP99ResponseMs NaN when the mix has no interactive tasks
     * @param maxWaitMs                the longest single wait from becoming runnable to running, over all seeds (max, not mean)
     * @param finished                 whether every run finished all its tasks within the limit
     */
    public record Row(String mix, double load, int cpus, String policy, int seeds, double meanTurnaroundMs, double p99TurnaroundMs,
                      double interactiveP99ResponseMs, double switches, double switchOverheadMs, double maxWaitMs, double fairness,
                      boolean finished) {
    }

    private EvalMatrix() {
    }

    /** Runs the plan on {@code threads} threads; {@code progress} gets the number of runs done after each (from worker threads). */
    public static List<Row> run(Plan plan, PolicyRegistry registry, int threads, IntConsumer progress) {
        return run(plan, registry, threads, progress, () -> false);
    }

    /** As above; stops with a KosException within 0.1 s of {@code cancelled} turning true (runs under way are abandoned). */
    public static List<Row> run(Plan plan, PolicyRegistry registry, int threads, IntConsumer progress, BooleanSupplier cancelled) {
        List<SchedEval.Spec> specs = new ArrayList<>();
        for (Mix m : plan.mixes()) {
            for (double load : plan.loads()) {
                for (int c : plan.cpus()) {
                    for (String p : plan.policies()) {
                        for (long seed : plan.seeds()) {
                            Map<String, String> params = Map.of("tasks", Integer.toString(plan.tasks()), "load", Double.toString(load));
                            SchedEval.Spec s = SchedEval.Spec.of(m.workload(), params, p, c, seed)
                                    .withPolicy(p, p.equals("attention") ? plan.attentionParams() : Map.of());
                            specs.add(s);
                        }
                    }
                }
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
        for (int base = 0; base < specs.size(); base += s) {
            SchedEval.Spec spec = specs.get(base);
            double mt = 0, p99 = 0, resp = 0, sw = 0, ov = 0, maxWait = 0, fair = 0;
            int respN = 0;
            boolean fin = true;
            for (int k = base; k < base + s; k++) {
                SchedMetrics m = results[k];
                mt += m.all().turnaroundMs().mean();
                p99 += m.all().turnaroundMs().p99();
                sw += m.all().switches();
                ov += m.all().overheadMs();
                maxWait = Math.max(maxWait, m.all().wakeLatencyMs().max());
                fair += m.jainFairness();
                fin &= finished[k];
                for (SchedMetrics.ClassMetrics cm : m.byClass()) {
                    if (cm.taskClass().equals("interactive") && cm.responseMs().count() > 0) {
                        resp += cm.responseMs().p99();
                        respN++;
                    }
                }
            }
            Mix mix = plan.mixes().get(base / (s * plan.policies().size() * plan.cpus().size() * plan.loads().size()));
            rows.add(new Row(mix.name(), Double.parseDouble(spec.workloadParams().get("load")), spec.cpus(), spec.policy(), s, mt / s, p99 / s,
                    respN == 0 ? Double.NaN : resp / respN, sw / s, ov / s, maxWait, fair / s, fin));
        }
        return rows;
    }
}
