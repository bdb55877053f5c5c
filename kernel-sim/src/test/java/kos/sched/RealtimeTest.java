package kos.sched;

import static kos.sched.SchedTestSupport.MS;
import static kos.sched.SchedTestSupport.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;

class RealtimeTest {
    @Test
    void admittedSetUnderTheBoundNeverMisses() {
        Scheduler s = SchedTestSupport.scheduler(5, 2, CostModel.ZERO, "edf", Map.of());
        // competing best-effort load in the background
        for (int i = 0; i < 4; i++) {
            s.spawn(TaskSpec.spinner("bg" + i, 0));
        }
        s.simulation().workloads().start("realtime", new kos.sim.WorkloadParams(Map.of("tasks", "8", "load", "0.8")));
        s.simulation().runFor(5 * S);
        SchedStats st = s.stats();
        long admitted = s.tasks().stream().filter(t -> t.realtime() != null).count();
        assertTrue(admitted >= 4, "most of the set was admitted: " + admitted);
        assertTrue(st.rtJobs() > 1000, "jobs ran: " + st.rtJobs());
        assertEquals(0, st.deadlineMisses(), "an admitted set never misses");
        long bgCpu = s.tasks().stream()
                .filter(t -> t.realtime() == null)
                .mapToLong(Task::cpuTimeNs)
                .sum();
        assertTrue(bgCpu > S, "background work still ran in the slack");
    }

    @Test
    void admissionRejectsAboveTheBound() {
        Scheduler s = SchedTestSupport.scheduler(6, 1, CostModel.ZERO, "edf", Map.of());
        s.spawn(TaskSpec.periodic("a", 5 * MS, 10 * MS));
        s.spawn(TaskSpec.periodic("b", 3 * MS, 10 * MS));
        KosException e = assertThrows(KosException.class, () -> s.spawn(TaskSpec.periodic("c", 1 * MS, 10 * MS)));
        assertTrue(e.getMessage().contains("admission control rejected"), e.getMessage());
        assertEquals(1, s.stats().rejected());
        assertEquals(2, s.simulation().processes().live().size(), "a rejected task is never a process");
    }

    @Test
    void overloadMisses() {
        Scheduler s = SchedTestSupport.scheduler(7, 1, CostModel.ZERO, "edf", Map.of("admission", "off"));
        s.spawn(TaskSpec.periodic("a", 6 * MS, 10 * MS));
        s.spawn(TaskSpec.periodic("b", 7 * MS, 10 * MS));
        s.simulation().runFor(S);
        assertTrue(
                s.stats().deadlineMisses() > 10,
                "utilisation 1.3 cannot be met: " + s.stats().deadlineMisses());
    }

    @Test
    void cbsIsolatesAnOverrunningTask() {
        Scheduler s = SchedTestSupport.scheduler(8, 1, CostModel.ZERO, "edf", Map.of());
        // declares 2 ms per 10 ms but really needs 5 ms per job
        Task liar = s.spawn(new TaskSpec(
                "liar",
                0,
                TaskClass.REALTIME,
                null,
                null,
                0,
                0,
                0,
                new TaskSpec.Periodic(2 * MS, 10 * MS, 10 * MS, 0, Distribution.fixed(5 * MS)),
                -1));
        Task honest = s.spawn(new TaskSpec(
                "honest",
                0,
                TaskClass.REALTIME,
                null,
                null,
                0,
                0,
                0,
                new TaskSpec.Periodic(6 * MS, 10 * MS, 10 * MS, 0, null),
                -1));
        s.simulation().runFor(2 * S);
        long now = s.simulation().now();
        assertEquals(0, honest.deadlineMisses(now), "the honest task keeps its guarantee");
        assertTrue(liar.deadlineMisses(now) > 10, "the overrunning task pays for its own overrun");
    }

    @Test
    void fifoIgnoresDeadlinesAndMisses() {
        Scheduler s = SchedTestSupport.scheduler(9, 1, CostModel.ZERO, "fifo", Map.of());
        s.spawn(TaskSpec.spinner("hog", 0));
        s.spawn(TaskSpec.periodic("rt", 1 * MS, 10 * MS));
        s.simulation().runFor(S);
        assertTrue(s.stats().deadlineMisses() > 0, "a CPU hog under FIFO starves the realtime task");
    }
}
