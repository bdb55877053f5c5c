package kos.sched;

import static kos.sched.SchedTestSupport.MS;
import static kos.sched.SchedTestSupport.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import kos.sim.KosException;
import kos.sim.WorkloadParams;
import org.junit.jupiter.api.Test;

class PolicyBehaviourTest {
    /** A stream of 5 ms jobs arriving every 5 ms keeps MLFQ's top queue busy forever. */
    private static long longJobCpu(String boost) {
        Scheduler s = SchedTestSupport.scheduler(1, 1, CostModel.ZERO, "mlfq", Map.of("boost", boost));
        Task hog = s.spawn(TaskSpec.spinner("hog", 0));
        for (int i = 1; i <= 400; i++) {
            s.spawnAfter(i * 5 * MS, TaskSpec.job("short" + i, 5 * MS));
        }
        s.simulation().runFor(2 * S);
        return hog.cpuTimeNs();
    }

    @Test
    void mlfqBoostRule5PreventsStarvation() {
        long starved = longJobCpu("off");
        long boosted = longJobCpu("100ms");
        // without a boost the hog finishes its first quantum (the first short job, at its level, waits: rule 2),
        // is demoted, and never runs again
        assertEquals(10 * MS, starved);
        assertTrue(boosted > 10 * starved, "with a boost every 100 ms it gets a quantum every period: " + boosted);
    }

    @Test
    void mlfqGamingTheSchedulerIsPreventedByAllotments() {
        // a task that yields just before each quantum ends still moves down once its allotment is used (rule 4)
        Scheduler s = SchedTestSupport.scheduler(
                2, 1, CostModel.ZERO, "mlfq", Map.of("boost", "off", "quantum", "10ms", "allotment", "20ms"));
        Task gamer = s.spawn(new TaskSpec(
                "gamer",
                0,
                TaskClass.INTERACTIVE,
                Distribution.fixed(9 * MS),
                Distribution.fixed(MS / 10),
                0,
                0,
                0,
                null,
                -1));
        s.spawn(TaskSpec.spinner("hog", 0));
        s.simulation().runFor(S);
        assertEquals(2, gamer.level(), "the gamer reached the bottom queue");
        assertTrue(gamer.cpuTimeNs() < 700 * MS, "and no longer monopolises the CPU: " + gamer.cpuTimeNs());
    }

    @Test
    void fairPoliciesPlaceANewTaskAtTheQueueNotAtZero() {
        for (String p : new String[] {"cfs", "eevdf"}) {
            Scheduler s = SchedTestSupport.scheduler(3, 1, CostModel.ZERO, p, Map.of());
            s.spawn(TaskSpec.spinner("old", 0));
            s.simulation().runFor(S);
            Task late = s.spawn(TaskSpec.spinner("late", 0));
            s.simulation().runFor(S);
            // placed at min_vruntime (CFS) or V (EEVDF), the newcomer shares from now on instead of
            // catching up for the second it was not there
            assertEquals(0.5, late.cpuTimeNs() / (double) S, 0.02, p);
        }
    }

    @Test
    void eevdfWakeupLatencyIsBoundedBySlices() {
        // a task that sleeps most of the time, next to 4 CPU hogs: EEVDF bounds its wait by the
        // competitors' slices (4 x 0.75 ms on one CPU) plus its own lag, clamped to 2 slices
        Scheduler s = SchedTestSupport.scheduler(3, 1, CostModel.ZERO, "eevdf", Map.of());
        for (int i = 0; i < 4; i++) {
            s.spawn(TaskSpec.spinner("hog" + i, 0));
        }
        s.spawn(new TaskSpec(
                "ui",
                0,
                TaskClass.INTERACTIVE,
                Distribution.fixed(MS / 2),
                Distribution.fixed(20 * MS),
                0,
                0,
                0,
                null,
                -1));
        s.simulation().runFor(5 * S);
        SchedMetrics.ClassMetrics ui = s.metrics().byClass().stream()
                .filter(c -> c.taskClass().equals("interactive"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                ui.wakeLatencyMs().max() <= (4 + 2) * 0.75,
                "max wakeup latency " + ui.wakeLatencyMs().max() + " ms");
        assertTrue(ui.wakeLatencyMs().count() > 200);
    }

    @Test
    void workloadsRejectBadParametersWithClearMessages() {
        Scheduler s = SchedTestSupport.scheduler(4, 2, CostModel.DEFAULT, "cfs", Map.of());
        var wl = s.simulation().workloads();
        KosException e =
                assertThrows(KosException.class, () -> wl.start("mixed", new WorkloadParams(Map.of("load", "lots"))));
        assertTrue(e.getMessage().contains("--load"), e.getMessage());
        e = assertThrows(KosException.class, () -> wl.start("batch", new WorkloadParams(Map.of("taks", "3"))));
        assertTrue(e.getMessage().contains("unknown option --taks"), e.getMessage());
        e = assertThrows(
                KosException.class, () -> wl.start("realtime", new WorkloadParams(Map.of("tasks", "1", "load", "1"))));
        assertTrue(e.getMessage().contains("at most 0.85"), e.getMessage());
    }

    @Test
    void heavyTailOffersTheRequestedLoad() {
        // 2 CPUs at load 0.5 of the machine: over the arrival period the busy fraction is near 0.5
        SchedEval.Spec spec = new SchedEval.Spec(
                "heavy-tail",
                Map.of("tasks", "20000", "load", "0.5", "mean", "5ms"),
                "srpt",
                Map.of(),
                2,
                3,
                0,
                3600 * S,
                CostModel.ZERO);
        SchedEval.Result r = SchedEval.run(spec);
        assertTrue(r.finished());
        double offered = (double) r.metrics().stats().busyNs()
                / (2.0 * r.metrics().stats().timeNs());
        // Pareto(1.5) sample means converge slowly (infinite variance): 20k jobs land within ~15%
        assertEquals(0.5, offered, 0.08, "offered load " + offered);
    }

    @Test
    void realtimeMixIsAdmittedOrCountedAsRejected() {
        Scheduler s = SchedTestSupport.scheduler(5, 2, CostModel.DEFAULT, "edf", Map.of());
        s.simulation().workloads().start("realtime", new WorkloadParams(Map.of("tasks", "6", "load", "0.95")));
        SchedStats st = s.stats();
        assertEquals(6, st.spawned() + st.rejected(), "each task was admitted or rejected");
        s.simulation().runFor(2 * S);
        assertEquals(0, s.stats().deadlineMisses(), "the admitted ones never miss");
    }
}
