package kos.attn.eval;

import kos.attn.AttentionPolicy;
import kos.attn.AttentionPolicyFactory;
import kos.sched.PolicyRegistry;
import kos.sched.SchedEval;
import kos.sched.TaskClass;
import kos.sim.KosException;
import kos.simd.Kernels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The "prediction vs policy" diagnostic ({@code schedctl transformer diagnose}): in each cell, the
 * attention scheduler as shipped, the same policy with perfect burst predictions
 * ({@code --oracle burst}: the true remaining CPU burst replaces the model's), with a perfect rank
 * ({@code --oracle work}: the true remaining work replaces the learned size distribution), and
 * SRPT, on the same seeds; plus the model's burst-prediction error per task class on those runs.
 * The oracle modes are diagnostics, never schedulers: they read what no kernel knows.
 */
public final class PredictionVsPolicy {
    /** The four variants in report order. */
    public static final List<String> VARIANTS = List.of("attention", "oracle-burst", "oracle-work", "srpt");

    /**
     * One cell: mean turnaround (ms, mean over seeds) of each variant, and the mean absolute
     * burst-prediction error of the shipped policy per task class (natural-log units, mean over
     * seeds; {@code exp(error)} is the typical factor by which a prediction is off).
     */
    public record Cell(String mix, double load, int cpus, Map<String, Double> meanTurnaroundMs, Map<String, Double> predictionErrorByClass) {
        /** How much of attention's gap to SRPT perfect burst predictions close (percent of the gap). */
        public double gapClosedByBurstOraclePct() {
            return closed("oracle-burst");
        }

        /** How much of the gap a perfect rank (true remaining work) closes. */
        public double gapClosedByWorkOraclePct() {
            return closed("oracle-work");
        }

        private double closed(String v) {
            double a = meanTurnaroundMs.get("attention"), s = meanTurnaroundMs.get("srpt"), o = meanTurnaroundMs.get(v);
            return a - s <= 0 ? Double.NaN : 100 * (a - o) / (a - s);
        }
    }

    private PredictionVsPolicy() {
    }

    public static List<Cell> run(List<EvalMatrix.Mix> mixes, List<Double> loads, List<Integer> cpus, List<Long> seeds, int tasks, int threads,
                                 IntConsumer progress) {
        record Job(EvalMatrix.Mix mix, double load, int cpus, String variant, long seed) {
        }
        List<Job> jobs = new ArrayList<>();
        List<Object[]> cells = new ArrayList<>();
        for (EvalMatrix.Mix m : mixes) {
            for (double l : m.loads().isEmpty() ? loads : m.loads()) {
                for (int c : m.cpus().isEmpty() ? cpus : m.cpus()) {
                    cells.add(new Object[]{m, l, c});
                    for (String v : VARIANTS) {
                        for (long s : seeds) {
                            jobs.add(new Job(m, l, c, v, s));
                        }
                    }
                }
            }
        }
        double[] turn = new double[jobs.size()];
        double[][] err = new double[jobs.size()][];
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "kos-diagnose");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                int at = i;
                fs.add(pool.submit(() -> {
                    Job j = jobs.get(at);
                    AtomicReference<AttentionPolicy> seen = new AtomicReference<>();
                    PolicyRegistry reg = PolicyRegistry.withBuiltins();
                    reg.replace(new AttentionPolicyFactory(Kernels.get(), null, seen::set));
                    Map<String, String> wp = new LinkedHashMap<>(j.mix().params());
                    wp.put("tasks", Integer.toString(tasks));
                    wp.put("load", Double.toString(j.load()));
                    String policy = j.variant().equals("srpt") ? "srpt" : "attention";
                    Map<String, String> pp = switch (j.variant()) {
                        case "oracle-burst" -> Map.of("oracle", "burst");
                        case "oracle-work" -> Map.of("oracle", "work");
                        default -> Map.of();
                    };
                    SchedEval.Result r = SchedEval.run(SchedEval.Spec.of(j.mix().workload(), wp, policy, j.cpus(), j.seed()).withPolicy(policy, pp), reg);
                    turn[at] = r.metrics().all().turnaroundMs().mean();
                    if (j.variant().equals("attention")) {
                        double[] e = new double[TaskClass.values().length];
                        java.util.Arrays.fill(e, Double.NaN);
                        seen.get().stats().predictionErrorByClass().forEach((k, v) -> e[TaskClass.parse(k).ordinal()] = v);
                        err[at] = e;
                    }
                    if (progress != null) {
                        progress.accept(done.incrementAndGet());
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KosException("diagnose interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof KosException k ? k : new KosException("diagnose run failed: " + e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<Cell> out = new ArrayList<>();
        int per = VARIANTS.size() * seeds.size();
        for (int c = 0; c < cells.size(); c++) {
            Map<String, Double> mt = new LinkedHashMap<>();
            Map<String, Double> e = new LinkedHashMap<>();
            for (int v = 0; v < VARIANTS.size(); v++) {
                double sum = 0;
                for (int s = 0; s < seeds.size(); s++) {
                    int at = c * per + v * seeds.size() + s;
                    sum += turn[at];
                    if (err[at] != null) {
                        for (TaskClass tc : TaskClass.values()) {
                            double x = err[at][tc.ordinal()];
                            if (!Double.isNaN(x)) {
                                e.merge(tc.label(), x / seeds.size(), Double::sum);
                            }
                        }
                    }
                }
                mt.put(VARIANTS.get(v), sum / seeds.size());
            }
            Object[] k = cells.get(c);
            out.add(new Cell(((EvalMatrix.Mix) k[0]).name(), (double) k[1], (int) k[2], mt, e));
        }
        return out;
    }

    public static int runs(List<EvalMatrix.Mix> mixes, List<Double> loads, List<Integer> cpus, List<Long> seeds) {
        int cells = 0;
        for (EvalMatrix.Mix m : mixes) {
            cells += (m.loads().isEmpty() ? loads.size() : m.loads().size()) * (m.cpus().isEmpty() ? cpus.size() : m.cpus().size());
        }
        return cells * VARIANTS.size() * seeds.size();
    }
}
