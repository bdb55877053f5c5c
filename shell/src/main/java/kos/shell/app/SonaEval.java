package kos.shell.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import kos.attn.AttentionModel;
import kos.attn.DefaultWeights;
import kos.attn.Example;
import kos.attn.FineTune;
import kos.lora.layer.LoraConfig;
import kos.lora.layer.LoraLinear;
import kos.nn.Linear;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.SeedStream;
import kos.simd.FloatKernels;
import kos.sona.SonaConfig;

/**
 * {@code sona eval}: workload phases A -> B -> A (default batch, interactive, batch; each phase's
 * tasks arrive as Poisson at the given load for {@code phase} of virtual time) under the attention
 * scheduler, starting from its shipped weights, in five arms on the same seeds:
 * <ol>
 *   <li>frozen: no learning;</li>
 *   <li>online SGD: the scheduler's own online learning (SGD on its replay ring, defaults);</li>
 *   <li>SONA without EWC++ (lambda 0; MicroLoRA, BaseLoRA, patterns and dreams as in full SONA);</li>
 *   <li>full SONA;</li>
 *   <li>offline-B: the reference, a rank-4 LoRA adapter on q/k/v/o_proj trained offline (Adam, 40 epochs, as
 *   {@code schedctl transformer adapt} does) on the phase-B decisions of this same phased workload run with the
 *   frozen model on two seeds disjoint from the evaluation's, then frozen.</li>
 * </ol>
 * Per arm: mean turnaround of the tasks that arrived in each phase, the prediction error (mean
 * |predicted - observed| of the remaining burst, natural-log units) per phase, forgetting, and the
 * adaptation time to phase B. Everything runs on virtual time, sequentially, so the report is a
 * pure function of the plan.
 */
public final class SonaEval {
    public enum Arm {
        FROZEN("frozen"),
        ONLINE_SGD("online-sgd"),
        SONA_NO_EWC("sona-no-ewc"),
        SONA("sona"),
        OFFLINE_B("offline-b"),
        /** Ablation: full SONA without recall (EWC++ with its change-point anchors only). */
        SONA_EWC_ONLY("sona-ewc-only"),
        /** Ablation: full SONA without EWC++ (lambda 0; task memory and recall only). */
        SONA_RECALL_ONLY("sona-recall-only");

        final String label;

        Arm(String label) {
            this.label = label;
        }
    }

    /** Mean CPU work per task of the mixes (TaskMixes' templates), for the arrival count of a phase. */
    private static final Map<String, Double> MEAN_WORK_MS = Map.of(
            "batch",
            1000.0,
            "interactive",
            60.0,
            "io-bound",
            30.0,
            "mixed",
            0.5 * 60 + 0.2 * 1000 + 0.3 * 30,
            "prio-short",
            0.5 * 5 + 0.5 * 100,
            "prio-long",
            0.5 * 5 + 0.5 * 100);

    /**
     * The phase mixes whose optima conflict: CPU-only batch jobs, half at nice -10 and half at nice +10; in
     * {@code prio-short} the high-priority half is short (work exp 5 ms) and the low-priority half long (exp 100 ms), in
     * {@code prio-long} the other way round. A job's first dispatch sees nothing but its priority (no history, one class),
     * so the burst a model should predict from the same features is opposite in the two mixes.
     */
    public static final Map<String, String> CONFLICTING = Map.of(
            "prio-short",
            "name prio-short; class batch share=1 work=exp:5ms nice=-10; class batch share=1 work=exp:100ms nice=10",
            "prio-long",
            "name prio-long; class batch share=1 work=exp:100ms nice=-10; class batch share=1 work=exp:5ms nice=10");

    public record Plan(
            String mixA,
            String mixB,
            long phaseNs,
            double load,
            int cpus,
            List<Long> seeds,
            long windowNs,
            long offlineSeed,
            int offlineExamples,
            SonaConfig sona,
            Map<String, String> sched,
            boolean ablation) {
        public Plan {
            seeds = List.copyOf(seeds);
            sched = Map.copyOf(sched);
            for (String key : sched.keySet()) {
                if (key.equals("learn") || key.equals("seed") || key.equals("weights")) {
                    throw new KosException("--sched " + key + ": set by each arm, not an option here");
                }
                if (!kos.attn.AttentionConfig.OPTIONS.contains(key)) {
                    throw new KosException(
                            "--sched " + key + ": not an attention scheduler option (see schedctl policy)");
                }
            }
            if (!MEAN_WORK_MS.containsKey(mixA) || !MEAN_WORK_MS.containsKey(mixB)) {
                throw new KosException("phase mixes must be one of " + new java.util.TreeSet<>(MEAN_WORK_MS.keySet()));
            }
            if (phaseNs < 10 * Quantities.NS_PER_S || phaseNs > 3600 * Quantities.NS_PER_S) {
                throw new KosException("--phase must be 10s..1h");
            }
            if (seeds.isEmpty()) {
                throw new KosException("eval needs at least one seed");
            }
            if (!(load > 0 && load <= 1.5) || cpus < 1 || cpus > 64) {
                throw new KosException("--load must be in (0, 1.5] and --cpus 1..64");
            }
        }

        /** The arms run: the five standard ones, then with {@code ablation} EWC++ only and recall only. */
        public List<Arm> arms() {
            List<Arm> all = List.of(Arm.values());
            return ablation ? all : all.subList(0, Arm.OFFLINE_B.ordinal() + 1);
        }

        /** This plan with or without the ablation arms. */
        public Plan withAblation(boolean on) {
            return new Plan(
                    mixA, mixB, phaseNs, load, cpus, seeds, windowNs, offlineSeed, offlineExamples, sona, sched, on);
        }

        int tasks(String mix) {
            return (int) Math.max(1, Math.round(load * cpus * (phaseNs / 1e6) / MEAN_WORK_MS.get(mix)));
        }
    }

    /**
     * One arm's results. Forgetting (turnaround) is {@code 100 (A2/A2_frozen - A1/A1_frozen)} percentage points: how much
     * worse relative to the frozen model the arm does on returning to A than it did in A the first time (0 for frozen by
     * definition; the task sets of A1 and A2 differ, which the frozen arm factors out). Error forgetting is the rise of
     * the prediction error from the last third of A1 to the first third of A2, minus the frozen arm's rise.
     */
    public record ArmReport(
            String arm,
            double[] meanTurnaroundMs,
            double[] predictionError,
            int[] tasks,
            double forgettingPct,
            double earlyForgettingPct,
            double errorForgetting,
            List<Double> errorForgettingPerSeed,
            Double adaptationS,
            double[] windowRatio,
            Double errorAdaptationS,
            double[] errorWindowRatio,
            double bVsOfflinePct,
            long steps,
            long boundaries,
            List<List<Double>> boundaryTimesS,
            long loopB,
            long dreams) {}

    public record Report(
            String mixA,
            String mixB,
            double phaseS,
            double load,
            int cpus,
            List<Long> seeds,
            long offlineSeed,
            int offlineExamples,
            double windowS,
            List<ArmReport> arms,
            double offlineTrainAccuracyBefore,
            double offlineTrainAccuracyAfter,
            Map<String, String> sched,
            SonaConfig sona) {}

    private SonaEval() {}

    public static Report run(FloatKernels k, Plan plan, IntConsumer progress) {
        return run(k, plan, progress, () -> false);
    }

    /** As above; stops with "interrupted" soon after {@code cancelled} turns true (Ctrl-C). */
    public static Report run(FloatKernels k, Plan plan, IntConsumer progress, BooleanSupplier cancelled) {
        Offline offline = offlineReference(k, plan, cancelled);
        List<Arm> arms = plan.arms();
        List<List<SonaEvalRun.Run>> runs = new ArrayList<>();
        int done = 0;
        for (Arm arm : arms) {
            List<SonaEvalRun.Run> rs = new ArrayList<>();
            for (long seed : plan.seeds()) {
                rs.add(SonaEvalRun.run(
                        k, plan, arm, seed, arm == Arm.OFFLINE_B ? offline.model() : null, null, cancelled));
                if (progress != null) {
                    progress.accept(++done);
                }
            }
            runs.add(rs);
        }
        List<SonaEvalMeasures.PhaseMeans> means =
                runs.stream().map(SonaEvalMeasures.PhaseMeans::of).toList();
        List<ArmReport> out = new ArrayList<>();
        for (Arm arm : arms) {
            out.add(SonaEvalMeasures.armReport(plan, arm, runs, means));
        }
        return new Report(
                plan.mixA(),
                plan.mixB(),
                plan.phaseNs() / 1e9,
                plan.load(),
                plan.cpus(),
                plan.seeds(),
                plan.offlineSeed(),
                plan.offlineExamples(),
                plan.windowNs() / 1e9,
                out,
                offline.accuracyBefore(),
                offline.accuracyAfter(),
                plan.sched(),
                plan.sona());
    }

    /** The reference adapter and its burst accuracy on its held-out seed before and after training. */
    private record Offline(AttentionModel model, double accuracyBefore, double accuracyAfter) {}

    /**
     * The reference adapter: trained once, offline, on phase-B decisions of the same phased workload run with the
     * frozen model on seeds disjoint from the evaluation's (offlineSeed, +1 to train; +2 held out).
     */
    private static Offline offlineReference(FloatKernels k, Plan plan, BooleanSupplier cancelled) {
        AttentionModel offline = DefaultWeights.create(k, "default", 1);
        List<Example> train = new ArrayList<>(), held = new ArrayList<>();
        SonaEvalRun.run(k, plan, Arm.FROZEN, plan.offlineSeed(), offline, train, cancelled);
        SonaEvalRun.run(k, plan, Arm.FROZEN, plan.offlineSeed() + 1, offline, train, cancelled);
        SonaEvalRun.run(k, plan, Arm.FROZEN, plan.offlineSeed() + 2, offline, held, cancelled);
        train = every(train, plan.offlineExamples());
        held = every(held, plan.offlineExamples() / 2);
        double accBefore = FineTune.accuracy(offline, held);
        List<String> targets = List.of("q_proj", "k_proj", "v_proj", "o_proj");
        LoraConfig lc = new LoraConfig(4, 8f, 0f, false, targets);
        for (String m : offline.layers().names()) {
            ((Linear) offline.layers().get(m)).frozen(true);
        }
        for (String m : targets) {
            offline.layers().replace(m, l -> {
                LoraLinear w = new LoraLinear((Linear) l, plan.offlineSeed());
                w.addAdapter("offline-b", lc, SeedStream.named(m).random(plan.offlineSeed()));
                return w;
            });
        }
        FineTune.train(offline, train, 40, 0.01f, 10, plan.offlineSeed());
        return new Offline(offline, accBefore, FineTune.accuracy(offline, held));
    }

    /** At most {@code n} examples, evenly spaced over {@code all} (in order). */
    private static List<Example> every(List<Example> all, int n) {
        if (all.size() <= n) {
            return all;
        }
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(all.get((int) ((long) i * all.size() / n)));
        }
        return out;
    }
}
