package kos.shell.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import kos.attn.AttentionModel;
import kos.attn.AttentionPolicyFactory;
import kos.attn.DefaultWeights;
import kos.attn.Example;
import kos.sched.PolicyRegistry;
import kos.sched.SchedObserver;
import kos.sched.SchedTask;
import kos.sched.Scheduler;
import kos.sched.TaskMixes;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.WorkloadParams;
import kos.simd.FloatKernels;
import kos.sona.LoopCoordinator;
import kos.sona.SonaConfig;

/**
 * One arm of {@link SonaEval} on one seed: a fresh simulation running phases A, B, A of the plan's
 * mixes under the attention scheduler (frozen, learning online, or adapted by SONA's loops), with
 * every completed task's turnaround and every decision's prediction error by phase and third.
 */
final class SonaEvalRun {
    /** A completed task: the phase it arrived in (0 A1, 1 B, 2 A2), when, and its turnaround. */
    record Outcome(int phase, long arrivalNs, double turnaroundMs) {}

    /** What one run measured; errors summed by phase and by third of a phase (index phase * 3 + third). */
    record Run(
            List<Outcome> outcomes,
            double[] errSum,
            long[] errN,
            double[] thirdSum,
            long[] thirdN,
            double[] bWindowErrSum,
            long[] bWindowErrN,
            long steps,
            LoopCoordinator.Status status,
            List<Double> boundaryTimesS) {}

    private SonaEvalRun() {}

    /**
     * One arm on one seed. {@code given}: the model to decide with (the offline reference, or the frozen model while
     * collecting), else a fresh copy of the shipped weights; {@code collectB}: when not null, receives every phase-B step.
     */
    static Run run(
            FloatKernels k,
            SonaEval.Plan plan,
            SonaEval.Arm arm,
            long seed,
            AttentionModel offline,
            List<Example> collectB,
            BooleanSupplier cancelled) {
        Simulation sim = new Simulation(seed);
        AttentionModel model = offline != null ? offline : DefaultWeights.create(k, "default", 1);
        PolicyRegistry registry = PolicyRegistry.withBuiltins();
        registry.replace(new AttentionPolicyFactory(k, model));
        Map<String, String> params = new java.util.TreeMap<>(plan.sched());
        params.put("learn", arm == SonaEval.Arm.ONLINE_SGD ? "on" : "off");
        params.put("seed", Long.toString(seed));
        Scheduler s = new Scheduler(sim, Scheduler.Config.DEFAULT.withCpus(plan.cpus()), registry, "attention", params);
        sim.install(Scheduler.class, s);
        TaskMixes.registerIfAbsent(sim);
        LoopCoordinator lc = null;
        SonaConfig c = sonaConfig(plan, arm, seed);
        if (c != null) {
            lc = new LoopCoordinator(k, new AttentionSonaModel(model), c, 16, DecisionRecorder.EMB);
        }
        double[] errSum = new double[3];
        long[] errN = new long[3];
        double[] thirdSum = new double[9];
        long[] thirdN = new long[9];
        int windows = (int) (plan.phaseNs() / plan.windowNs());
        double[] bWinSum = new double[windows];
        long[] bWinN = new long[windows];
        LoopCoordinator sona = lc;
        DecisionRecorder rec = new DecisionRecorder(s, 16, (now, rows, n, target, reward, emb) -> {
            System.arraycopy(rows, 0, model.input(n), 0, n * model.features());
            float p = model.forward(n)[0];
            int ph = phase(plan, now);
            errSum[ph] += Math.abs(p - target);
            errN[ph]++;
            if (collectB != null && ph == 1) {
                collectB.add(new Example(Arrays.copyOf(rows, n * model.features()), n, target));
            }
            int third = ph * 3 + (int) Math.min(2, (now - ph * plan.phaseNs()) * 3 / plan.phaseNs());
            thirdSum[third] += Math.abs(p - target);
            thirdN[third]++;
            int w = (int) ((now - plan.phaseNs()) / plan.windowNs());
            if (ph == 1 && w >= 0 && w < windows) {
                bWinSum[w] += Math.abs(p - target);
                bWinN[w]++;
            }
            if (sona != null) {
                sona.onDecision(now, rows, n, target, reward, emb);
            }
        });
        s.addObserver(rec);
        List<Outcome> outcomes = new ArrayList<>();
        s.addObserver(new SchedObserver() {
            @Override
            public void onComplete(SchedTask t, boolean killed) {
                outcomes.add(new Outcome(phase(plan, t.arrivalNs()), t.arrivalNs(), (sim.now() - t.arrivalNs()) / 1e6));
            }
        });
        // each phase's generator runs for exactly one phase, so a task's phase is its arrival time's
        for (int ph = 0; ph < 3; ph++) {
            String mix = ph == 1 ? plan.mixB() : plan.mixA();
            long at = ph * plan.phaseNs();
            sim.scheduleAfter(at, x -> {
                int id = start(x, plan, mix);
                x.scheduleAfter(plan.phaseNs(), y -> y.workloads().stop(id));
            });
        }
        long end = 2 * plan.phaseNs();
        sim.runUntil(
                () -> cancelled.getAsBoolean() || sim.now() > end && s.quiescent(),
                3 * plan.phaseNs() + 3600 * Quantities.NS_PER_S);
        if (cancelled.getAsBoolean()) {
            throw new KosException("interrupted");
        }
        if (offline == null && sona != null) {
            sona.detach();
        }
        List<Double> times = new ArrayList<>();
        if (sona != null) {
            for (long t : sona.boundaryTimesNs()) {
                times.add(Math.round(t / 1e8) / 10.0);
            }
        }
        return new Run(
                outcomes,
                errSum,
                errN,
                thirdSum,
                thirdN,
                bWinSum,
                bWinN,
                rec.steps(),
                sona == null ? null : sona.status(),
                times);
    }

    /** The SONA settings of a SONA arm (full, or without EWC++ and/or recall), null for the others. */
    static SonaConfig sonaConfig(SonaEval.Plan plan, SonaEval.Arm arm, long seed) {
        SonaConfig c = plan.sona().withSeed(SonaConfig.SEED.seed(seed));
        return switch (arm) {
            case SONA -> c;
            case SONA_NO_EWC ->
                c.with(b -> {
                    b.lambda = 0;
                    b.recall = false;
                });
            case SONA_EWC_ONLY -> c.with(b -> b.recall = false);
            case SONA_RECALL_ONLY -> c.with(b -> b.lambda = 0);
            default -> null;
        };
    }

    private static int start(Simulation sim, SonaEval.Plan plan, String mix) {
        Map<String, String> p = new java.util.TreeMap<>(
                Map.of("tasks", Integer.toString(10 * plan.tasks(mix) + 100), "load", Double.toString(plan.load())));
        String spec = SonaEval.CONFLICTING.get(mix);
        if (spec != null) {
            p.put("spec", spec);
        }
        return sim.workloads().start(spec != null ? "mix" : mix, new WorkloadParams(p));
    }

    private static int phase(SonaEval.Plan plan, long ns) {
        return (int) Math.min(2, ns / plan.phaseNs());
    }
}
