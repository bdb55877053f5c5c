package kos.attn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import kos.sched.PolicyHarness;
import kos.sched.PolicyRegistry;
import kos.sched.SchedEval;
import kos.sched.SchedTask;
import kos.sched.Scheduler;
import kos.sched.Task;
import kos.sched.TaskMixes;
import kos.sched.TaskSpec;
import kos.sim.KosException;
import kos.sim.Simulation;
import kos.sim.WorkloadParams;
import kos.simd.FloatKernels;
import kos.simd.Kernels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class AttentionPolicyTest {
    /** Runs a mix under the attention policy in a fresh simulation and returns the policy and scheduler. */
    private record Run(Scheduler scheduler, AttentionPolicy policy, Simulation sim) {}

    private static Run run(
            String mix, String load, int tasks, int cpus, long seed, Map<String, String> params, boolean bind) {
        Simulation sim = new Simulation(seed, kos.sim.Telemetry.NONE, 1 << 20);
        Scheduler s = new Scheduler(
                sim, Scheduler.Config.DEFAULT.withCpus(cpus), PolicyRegistry.standard(), "attention", params);
        sim.install(Scheduler.class, s);
        AttentionPolicy p = (AttentionPolicy) s.queue(0);
        if (bind) {
            p.bind(sim);
        }
        TaskMixes.registerIfAbsent(sim);
        sim.workloads().start(mix, new WorkloadParams(Map.of("tasks", Integer.toString(tasks), "load", load)));
        sim.runUntil(s::quiescent, 3_600_000_000_000L);
        assertTrue(s.quiescent(), "every task finished");
        return new Run(s, p, sim);
    }

    @Test
    void registeredAsAttentionThroughServiceLoader() {
        assertTrue(PolicyRegistry.standard().has("attention"));
        assertThrows(
                KosException.class,
                () -> new PolicyHarness(
                        PolicyRegistry.standard(), "attention", Map.of("optimizer", "rmsprop"), 4, 1_000_000, 1));
        assertThrows(
                KosException.class,
                () -> new PolicyHarness(PolicyRegistry.standard(), "attention", Map.of("bogus", "1"), 4, 1_000_000, 1));
    }

    @Test
    void maxDemotionIsADurationOrOff() {
        assertEquals(
                -1,
                AttentionConfig.parse(new WorkloadParams(Map.of("max-demotion", "off")))
                        .maxDemotionNs());
        assertEquals(
                5_000_000,
                AttentionConfig.parse(new WorkloadParams(Map.of("max-demotion", "5ms")))
                        .maxDemotionNs());
        assertThrows(
                KosException.class, () -> AttentionConfig.parse(new WorkloadParams(Map.of("max-demotion", "-1ms"))));
        assertThrows(
                KosException.class, () -> AttentionConfig.parse(new WorkloadParams(Map.of("max-demotion", "soon"))));
    }

    /** CPU time a CPU-only task spawned after two others have shared the CPU for 1 s gets in the next second. */
    private static double latecomerShare(String cpuBound) {
        Simulation sim = new Simulation(3, kos.sim.Telemetry.NONE, 1 << 20);
        Scheduler s = new Scheduler(
                sim,
                Scheduler.Config.DEFAULT.withCpus(1),
                PolicyRegistry.standard(),
                "attention",
                Map.of("cpu-bound", cpuBound));
        sim.install(Scheduler.class, s);
        s.spawn(TaskSpec.spinner("old1", 0));
        s.spawn(TaskSpec.spinner("old2", 0));
        sim.runFor(1_000_000_000L);
        Task late = s.spawn(TaskSpec.spinner("late", 0));
        sim.runFor(1_000_000_000L);
        return late.cpuTimeNs() / 1e9;
    }

    @Test
    void tasksThatNeverBlockedAreKeyedByAttainedService() {
        // the CPU-bound lane: the newcomer has attained nothing, the old tasks half a second each, so (like LAS) the
        // newcomer runs until it has caught up (0.5 s), then the three share (1/3 of the rest); in the fair lane it is
        // placed at min_vruntime and shares at once (a third), with only the small credit of the index for its age
        double las = latecomerShare("las"), fair = latecomerShare("fair");
        assertTrue(las > 0.6 && las < 0.75, "cpu-bound las: " + las);
        assertTrue(fair > 0.3 && fair < 0.45, "cpu-bound fair: " + fair);
        assertThrows(KosException.class, () -> AttentionConfig.parse(new WorkloadParams(Map.of("cpu-bound", "x"))));
        assertThrows(KosException.class, () -> AttentionConfig.parse(new WorkloadParams(Map.of("cpu-quantum", "0ms"))));
        assertThrows(KosException.class, () -> AttentionConfig.parse(new WorkloadParams(Map.of("cpu-weight", "2"))));
    }

    @Test
    void harnessDecisionsServeEveryTask() {
        PolicyHarness h = new PolicyHarness(PolicyRegistry.standard(), "attention", Map.of(), 64, 5_000_000, 42);
        Set<Long> ran = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            SchedTask t = h.step(1_000_000);
            ran.add(t.pid());
        }
        assertEquals(64, ran.size(), "the aging bound lets every task run");
        assertEquals(64, h.policy().size());
        AttentionPolicy p = (AttentionPolicy) h.policy();
        assertEquals(20_000, p.stats().decisions());
    }

    @Test
    void learningReducesPredictionErrorOnAStationaryWorkload() {
        // the random init predicts about 2 ms; the batch mix's bursts average 100 ms
        Map<String, String> common = Map.of("weights", "random", "error-bound", "100", "seed", "3");
        Run off = run("batch", "0.7", 60, 1, 5, with(common, "learn", "off"), false);
        Run on = run("batch", "0.7", 60, 1, 5, with(common, "learn", "on"), false);
        double eOff = off.policy().predictionError(), eOn = on.policy().predictionError();
        assertTrue(on.policy().stats().learningSteps() > 10, on.policy().stats().toString());
        assertEquals(0, off.policy().stats().learningSteps());
        assertTrue(eOn < 0.8 * eOff, "learning should cut the error: off " + eOff + ", on " + eOn);
    }

    @Test
    void fallsBackToCfsWhenPredictionsAreBadAndSaysSoInTheTrace() {
        Run r = run(
                "mixed", "0.9", 150, 1, 1, Map.of("weights", "random", "error-bound", "0.05", "learn", "off"), true);
        AttentionPolicy.Stats s = r.policy().stats();
        assertEquals(1, s.fallbackEntries());
        assertTrue(s.inFallback());
        assertTrue(s.fallbackDecisions() > s.decisions() / 2, s.toString());
        assertEquals(s.decisions() - s.fallbackDecisions(), s.followed());
        assertTrue(r.sim().trace().last(1 << 20).stream()
                .anyMatch(t -> t.kind().name().equals("attn.fallback")));
        assertTrue(r.policy().describe().contains("fallback"));
    }

    @Test
    void fallbackRecoversOnceLearningCatchesUp() {
        Run r = run("mixed", "0.9", 200, 1, 1, Map.of("weights", "random", "error-bound", "1.5"), false);
        AttentionPolicy.Stats s = r.policy().stats();
        assertTrue(s.fallbackEntries() >= 1, s.toString());
        assertTrue(s.fallbackExits() >= 1, s.toString());
        assertTrue(s.followed() > s.fallbackDecisions(), s.toString());
    }

    @Test
    void explainShowsTheLastDecision() {
        PolicyHarness h = new PolicyHarness(PolicyRegistry.standard(), "attention", Map.of(), 10, 5_000_000, 1);
        AttentionPolicy p = (AttentionPolicy) h.policy();
        assertTrue(p.explain(-1).isEmpty());
        h.step(1_000_000);
        AttentionPolicy.Explanation e = p.explain(-1).orElseThrow();
        assertEquals(
                AttentionConfig.DEFAULT.candidates(),
                e.candidates().size(),
                "the best-ranked candidates, not the whole queue");
        assertEquals(
                1,
                e.candidates().stream()
                        .filter(AttentionPolicy.Candidate::picked)
                        .count());
        assertEquals(
                1.0,
                e.candidates().stream()
                        .mapToDouble(AttentionPolicy.Candidate::attention)
                        .sum(),
                1e-4);
        assertEquals(Features.COUNT, e.features().size());
        assertTrue(p.explain(999).isEmpty());
    }

    @Test
    void oracleModesAreDiagnosticsThatSayWhatTheyAre() {
        PolicyHarness h =
                new PolicyHarness(PolicyRegistry.standard(), "attention", Map.of("oracle", "work"), 10, 5_000_000, 1);
        assertTrue(h.policy().needsOracle());
        assertTrue(
                h.policy().describe().contains("ORACLE DIAGNOSTIC"), h.policy().describe());
        h.step(1_000_000);
        PolicyHarness plain = new PolicyHarness(PolicyRegistry.standard(), "attention", Map.of(), 10, 5_000_000, 1);
        assertFalse(plain.policy().needsOracle(), "the shipped policy never reads the oracle");
        assertThrows(
                KosException.class,
                () -> new PolicyHarness(
                        PolicyRegistry.standard(), "attention", Map.of("oracle", "yes"), 4, 1_000_000, 1));
    }

    @Test
    void vectorAndScalarKernelsMakeBitIdenticalDecisions() {
        FloatKernels vector = Kernels.panamaOrNull();
        Assumptions.assumeTrue(vector != null, "no Vector API on this JVM");
        SchedEval.Spec spec = SchedEval.Spec.of("mixed", Map.of("tasks", "150", "load", "0.9"), "attention", 4, 11)
                .withPolicy(
                        "attention",
                        Map.of("weights", "random", "optimizer", "adam", "lr", "0.003", "update-every", "20"));
        String a = SchedEval.run(spec, registry(Kernels.scalar())).digest();
        String b = SchedEval.run(spec, registry(vector)).digest();
        assertEquals(a, b);
        // and the digest reflects the decisions: another seed for the init gives another run
        String c = SchedEval.run(
                        spec.withPolicy("attention", Map.of("weights", "random", "seed", "2")),
                        registry(Kernels.scalar()))
                .digest();
        assertNotEquals(a, c);
    }

    private static PolicyRegistry registry(FloatKernels k) {
        PolicyRegistry r = PolicyRegistry.withBuiltins();
        r.register(new AttentionPolicyFactory(k, null));
        return r;
    }

    static Map<String, String> with(Map<String, String> base, String k, String v) {
        Map<String, String> m = new java.util.TreeMap<>(base);
        m.put(k, v);
        return m;
    }

    @Test
    void saveAndLoadRoundTrip(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        AttentionModel a = new AttentionModel(Kernels.scalar(), 16, new java.util.SplittableRandom(1));
        AttentionModel b = new AttentionModel(Kernels.scalar(), 16, new java.util.SplittableRandom(2));
        java.nio.file.Path f = dir.resolve("w.safetensors");
        a.save(f, Map.of("note", "test"));
        b.load(kos.nn.Safetensors.read(f), f.toString());
        for (int i = 0; i < a.parameters().size(); i++) {
            assertEquals(
                    java.util.Arrays.toString(a.parameters().get(i).value()),
                    java.util.Arrays.toString(b.parameters().get(i).value()));
        }
        AttentionModel wide = new AttentionModel(Kernels.scalar(), 8, new java.util.SplittableRandom(2));
        KosException e = assertThrows(KosException.class, () -> wide.load(kos.nn.Safetensors.read(f), "w"));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        assertFalse(a.layers().names().isEmpty());
        assertEquals(
                AttentionModel.MODULES.stream().sorted().toList(), a.layers().names());
    }
}
