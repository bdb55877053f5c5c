package kos.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** 200 tasks for 60 simulated seconds on every policy: same seed, same digest; and sane metrics. */
class DeterminismTest {
    private static final Map<String, String> MIX = Map.of("tasks", "200", "load", "0.85");

    @Test
    void everyPolicyIsDeterministicOverSixtySeconds() {
        for (PolicyFactory f : PolicyRegistry.standard().all()) {
            SchedEval.Spec spec =
                    SchedEval.Spec.of("mixed", MIX, f.name(), 2, 42).withDuration(60 * SchedTestSupport.S);
            SchedEval.Result a = SchedEval.run(spec), b = SchedEval.run(spec);
            assertEquals(a.digest(), b.digest(), f.name());
            assertEquals(a.metrics(), b.metrics(), f.name());
            SchedStats st = a.metrics().stats();
            assertEquals(200, st.spawned(), f.name() + " spawned every task");
            assertTrue(st.completed() > 150, f.name() + " finished most tasks in 60 s: " + st.completed());
            // 200 tasks of 239 ms mean work offered at 0.85 of 2 CPUs arrive over ~28 s, then the queue drains
            assertTrue(
                    st.utilisation() > 0.3 && st.utilisation() <= 1.0, f.name() + " utilisation " + st.utilisation());
            assertEquals(
                    st.busyNs(),
                    a.metrics().all().tasks() == 0 ? 0 : sumCpu(f.name(), spec),
                    f.name() + " busy time is the CPU time tasks received");
        }
    }

    private static long sumCpu(String policy, SchedEval.Spec spec) {
        kos.sim.Simulation sim = new kos.sim.Simulation(spec.seed());
        Scheduler s = new Scheduler(
                sim, Scheduler.Config.DEFAULT.withCpus(spec.cpus()), PolicyRegistry.standard(), policy, Map.of());
        sim.install(Scheduler.class, s);
        TaskMixes.registerIfAbsent(sim);
        sim.workloads().start(spec.workload(), new kos.sim.WorkloadParams(spec.workloadParams()));
        sim.runFor(spec.durationNs());
        return s.tasks().stream().mapToLong(Task::cpuTimeNs).sum();
    }

    @Test
    void differentSeedsDiffer() {
        SchedEval.Spec spec = SchedEval.Spec.of("mixed", MIX, "cfs", 2, 1).withDuration(10 * SchedTestSupport.S);
        assertNotEquals(
                SchedEval.run(spec).digest(), SchedEval.run(spec.withSeed(2)).digest());
    }

    @Test
    void srptBeatsFifoOnMeanTurnaroundOfHeavyTailedJobs() {
        Map<String, String> heavy = Map.of("tasks", "2000", "load", "0.8");
        SchedEval.Spec spec = new SchedEval.Spec(
                "heavy-tail", heavy, "fifo", Map.of(), 1, 5, 0, 3600 * SchedTestSupport.S, CostModel.ZERO);
        double fifo = SchedEval.run(spec).metrics().all().turnaroundMs().mean();
        double rr = SchedEval.run(spec.withPolicy("rr", Map.of("quantum", "1ms")))
                .metrics()
                .all()
                .turnaroundMs()
                .mean();
        SchedEval.Result srpt = SchedEval.run(spec.withPolicy("srpt", Map.of()));
        assertTrue(srpt.finished());
        double s = srpt.metrics().all().turnaroundMs().mean();
        assertTrue(s < rr && rr < fifo, "srpt " + s + " < rr " + rr + " < fifo " + fifo);
    }

    @Test
    void evaluationsRunInParallelWithoutInterference() throws Exception {
        SchedEval.Spec spec = SchedEval.Spec.of("mixed", Map.of("tasks", "60", "load", "0.9"), "eevdf", 2, 9)
                .withDuration(10 * SchedTestSupport.S);
        String alone = SchedEval.run(spec).digest();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<String>>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> SchedEval.run(spec).digest()));
            }
            for (var f : futures) {
                assertEquals(alone, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
