package kos.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import kos.mem.PhysicalMemory;
import kos.sched.Scheduler;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.WorkloadParams;
import org.junit.jupiter.api.Test;

class DiurnalWorkloadTest {
    private static Simulation run(long seed, String pattern) {
        Simulation sim = new Simulation(seed);
        PhysicalMemory.install(sim, 256 * Quantities.MIB);
        Scheduler.of(sim);
        DiurnalWorkload.registerIfAbsent(sim);
        int id = sim.workloads().start("diurnal", new WorkloadParams(Map.of("pattern", pattern, "day", "48s")));
        DiurnalWorkload w = (DiurnalWorkload) sim.workloads().running().get(0).workload();
        assertEquals(1, id);
        UsageSampler.attach(sim, w);
        sim.runFor(48 * Quantities.NS_PER_S);
        return sim;
    }

    @Test
    void sameSeedSameDigestOtherSeedOther() {
        assertEquals(run(1, "office").trace().digest(), run(1, "office").trace().digest());
        assertNotEquals(
                run(1, "office").trace().digest(), run(2, "office").trace().digest());
        assertNotEquals(
                run(1, "office").trace().digest(), run(1, "batch").trace().digest());
    }

    @Test
    void patternsFollowTheTimeOfDayAndBadOptionsAreRefused() {
        assertTrue(DiurnalPattern.OFFICE.level(10.0 / 24) > 2 * DiurnalPattern.OFFICE.level(3.0 / 24));
        assertTrue(DiurnalPattern.WEB.level(21.0 / 24) > 2 * DiurnalPattern.WEB.level(7.0 / 24));
        assertTrue(
                DiurnalPattern.BATCH.level(5.01 / 24) > DiurnalPattern.BATCH.level(5.5 / 24) + 0.2,
                "cron spike at the hour");
        Simulation sim = new Simulation(1);
        Scheduler.of(sim);
        DiurnalWorkload.registerIfAbsent(sim);
        assertThrows(
                KosException.class,
                () -> sim.workloads().start("diurnal", new WorkloadParams(Map.of("pattern", "lunar"))));
        assertThrows(
                KosException.class, () -> sim.workloads().start("diurnal", new WorkloadParams(Map.of("day", "1s"))));
        assertThrows(
                KosException.class,
                () -> sim.workloads().start("diurnal", new WorkloadParams(Map.of("colour", "red"))));
    }
}
