package kos.mem;

import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.WorkloadParams;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhysicalMemoryTest {
    private static PhysicalMemory mem(Simulation sim, long mib) {
        return PhysicalMemory.install(sim, mib * Quantities.MIB);
    }

    @Test
    void orderForRoundsUpLikeGetOrder() {
        assertEquals(0, PhysicalMemory.orderFor(1));
        assertEquals(0, PhysicalMemory.orderFor(4096));
        assertEquals(1, PhysicalMemory.orderFor(4097));
        assertEquals(2, PhysicalMemory.orderFor(12 * 1024));
        assertEquals(9, PhysicalMemory.orderFor(2 * Quantities.MIB));
        assertEquals(10, PhysicalMemory.orderFor(4 * Quantities.MIB));
        assertThrows(KosException.class, () -> PhysicalMemory.orderFor(4 * Quantities.MIB + 1));
        assertThrows(KosException.class, () -> PhysicalMemory.orderFor(0));
        assertThrows(KosException.class, () -> PhysicalMemory.orderFor(-5));
    }

    @Test
    void rejectsBadZoneSizesAndDoubleInit() {
        assertThrows(KosException.class, () -> mem(new Simulation(1), 5));
        assertThrows(KosException.class, () -> PhysicalMemory.install(new Simulation(1), 32L * Quantities.GIB));
        Simulation sim = new Simulation(1);
        mem(sim, 64);
        assertThrows(KosException.class, () -> mem(sim, 64));
    }

    @Test
    void kswapdReclaimsPageCacheInTheBackgroundUpToHigh() {
        Simulation sim = new Simulation(1);
        PhysicalMemory m = mem(sim, 64); // 16384 pages
        long pid = sim.processes().spawn("reader", "test", null);
        while (m.zone().freePages() > m.watermarks().low()) {
            assertTrue(m.allocate(0, Mobility.RECLAIMABLE, pid) >= 0);
        }
        assertEquals(0, m.lastStallNs());
        sim.runFor(Quantities.NS_PER_S);
        assertTrue(m.zone().freePages() >= m.watermarks().high(), "kswapd reached HIGH: " + m.zone().freePages());
        assertTrue(m.counters().reclaimedPages() > 0);
        assertEquals(0, m.counters().stallNs(), "background reclaim stalls nobody");
    }

    @Test
    void directReclaimStallsTheAllocator() {
        Simulation sim = new Simulation(1);
        PhysicalMemory m = mem(sim, 64);
        long cache = sim.processes().spawn("reader", "test", null);
        long app = sim.processes().spawn("app", "test", null);
        // fill with page cache without letting kswapd run (no simulated time passes)
        while (m.zone().freePages() - 1 > m.watermarks().min()) {
            m.allocate(0, Mobility.RECLAIMABLE, cache);
        }
        long h = m.allocate(0, Mobility.MOVABLE, app);
        assertTrue(h >= 0);
        assertTrue(m.lastStallNs() >= PhysicalMemory.RECLAIM_ENTRY_NS, "stall " + m.lastStallNs());
        assertEquals(1, m.counters().directReclaims());
        assertTrue(m.zone().check().isEmpty());
    }

    @Test
    void oomPanicCrashesWithLackOfMemory() {
        Simulation sim = new Simulation(1);
        PhysicalMemory m = mem(sim, 16);
        long pid = sim.processes().spawn("hog", "test", null);
        long h;
        do {
            h = m.allocate(0, Mobility.MOVABLE, pid);
        } while (h >= 0);
        assertTrue(sim.crashed().isPresent());
        assertEquals("oom-lack-of-memory", sim.crashed().get().cause());
        assertEquals(1, m.counters().oomEvents());
        assertEquals(1, m.counters().oomPanics());
        assertEquals(-1, m.allocate(0, Mobility.MOVABLE, pid), "nothing allocates after a crash");
    }

    @Test
    void oomPanicFromFragmentation() {
        Simulation sim = new Simulation(1);
        PhysicalMemory m = mem(sim, 16); // 4096 pages
        long pid = sim.processes().spawn("slab", "test", null);
        List<Long> hs = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            long h = m.zone().allocate(0, Mobility.UNMOVABLE, (int) pid);
            if (h < 0) {
                break;
            }
            hs.add(h);
        }
        for (int i = 0; i < hs.size(); i += 2) {
            m.free(hs.get(i)); // half of memory free, but only in single pages, none movable
        }
        assertEquals(-1, m.allocate(5, Mobility.UNMOVABLE, pid));
        assertEquals("oom-fragmentation", sim.crashed().orElseThrow().cause());
    }

    @Test
    void oomKillKillsTheLargestAndTheRunContinues() {
        Simulation sim = new Simulation(1);
        PhysicalMemory m = mem(sim, 16);
        m.oomPolicy(OomPolicy.KILL);
        List<OomEvent> seen = new ArrayList<>();
        m.addObserver(new MemoryObserver() {
            @Override
            public void onOom(OomEvent event) {
                seen.add(event);
            }
        });
        long small = sim.processes().spawn("small", "test", null);
        long big = sim.processes().spawn("big", "test", null);
        for (int i = 0; i < 100; i++) {
            m.allocate(0, Mobility.MOVABLE, small);
        }
        long h;
        do {
            h = m.allocate(0, Mobility.MOVABLE, big);
        } while (h >= 0);
        assertFalse(sim.crashed().isPresent());
        assertFalse(sim.processes().isAlive(big));
        assertTrue(sim.processes().isAlive(small));
        assertEquals(1, seen.size());
        assertEquals(big, seen.get(0).victimPid());
        assertEquals(100, m.zone().usedPages(Mobility.MOVABLE), "the victim's memory was freed");
        assertTrue(m.allocate(0, Mobility.MOVABLE, small) >= 0);
        assertTrue(m.zone().check().isEmpty());
    }

    @Test
    void exitFreesMemoryOfTheProcess() {
        Simulation sim = new Simulation(1);
        PhysicalMemory m = mem(sim, 16);
        long pid = sim.processes().spawn("p", "test", null);
        for (int i = 0; i < 50; i++) {
            m.allocate(i % 4, Mobility.MOVABLE, pid);
        }
        sim.processes().exit(pid, "done");
        assertEquals(4096, m.zone().freePages());
    }

    @Test
    void directCompactionServesAHighOrderRequest() {
        Simulation sim = new Simulation(1);
        PhysicalMemory m = mem(sim, 16);
        m.zone().grouping(false);
        long pid = sim.processes().spawn("p", "test", null);
        List<Long> hs = new ArrayList<>();
        long h;
        while ((h = m.zone().allocate(0, Mobility.MOVABLE, (int) pid)) >= 0) {
            hs.add(h);
        }
        for (int i = 0; i < hs.size(); i += 2) {
            m.free(hs.get(i));
        }
        assertFalse(m.zone().hasFreeBlock(4));
        long big = m.allocate(4, Mobility.MOVABLE, pid);
        assertTrue(big >= 0);
        assertTrue(m.counters().directCompactions() == 1 && m.lastStallNs() > 0);
        assertTrue(m.zone().check().isEmpty());
    }

    @Test
    void psiSomeIsTheUnionOfStallsAndFullTheTimeEveryNonIdleTaskStalls() {
        // The reference's definitions: "some" = at least one task stalled on memory; "full" = all
        // non-idle tasks stalled at once. a stalls 0..1 s; b waits on file I/O 0..0.5 s (non-idle,
        // not a memory stall), then stalls 0.5..1.5 s; a task between its steps sleeps (idle).
        Simulation sim = new Simulation(1);
        PhysicalMemory m = mem(sim, 16);
        long a = sim.processes().spawn("a", "test", null);
        long b = sim.processes().spawn("b", "test", null);
        m.accountStall(a, Quantities.NS_PER_S);
        m.accountIoWait(b, 0, 500 * Quantities.NS_PER_MS);
        sim.scheduleAfter(500 * Quantities.NS_PER_MS, s -> m.accountStall(b, Quantities.NS_PER_S));
        sim.runFor(2 * Quantities.NS_PER_S);
        assertEquals(1_500 * Quantities.NS_PER_MS, m.psiSomeTotalNs(), "union of 0..1 and 0.5..1.5");
        assertEquals(1_000 * Quantities.NS_PER_MS, m.psiFullTotalNs(), "0.5..1.5: from the end of b's I/O, every non-idle task stalls");
        Psi some = new Psi(), full = new Psi();
        some.update(1_500 * Quantities.NS_PER_MS, Psi.PERIOD_NS);
        full.update(1_000 * Quantities.NS_PER_MS, Psi.PERIOD_NS);
        assertEquals(some.raw(0), m.psiSome().raw(0));
        assertEquals(full.raw(0), m.psiFull().raw(0));
        assertEquals("13.58", m.psiSome().format(0)); // 75% of the period: 75 * 2048 * 371 / 2048 / 2048
        sim.runFor(2 * Quantities.NS_PER_S);
        assertTrue(m.psiSome().raw(0) < some.raw(0), "decays with no stall");
    }

    @Test
    void aWorkingSetThatNoLongerFitsRefaultsAndPressureRisesBeforeTheOom() {
        // 64 MiB: a 24 MiB working set re-read at 32 MiB/s beside a 2 MiB/s leak. While the set fits,
        // reads hit; as the leak squeezes the cache, evicted pages come back within a refault distance
        // of the cache's size (workingset refaults) and their reads stall: PSI rises long before the OOM.
        Simulation sim = new Simulation(3);
        PhysicalMemory m = mem(sim, 64);
        sim.workloads().start("working-set", new WorkloadParams(Map.of("size", "24MiB", "rate", "32MiB/s")));
        sim.workloads().start("steady-high", new WorkloadParams(Map.of("size", "16MiB")));
        sim.runFor(10 * Quantities.NS_PER_S);
        assertEquals(0, m.workingsetRefaults(), "the working set fits: no refaults");
        assertTrue(m.psiSome().percent(0) < 1, "no pressure while it fits: " + m.psiSome().percent(0));
        sim.workloads().start("leak", new WorkloadParams(Map.of("rate", "2MiB/s")));
        double someAtRefault = -1;
        long firstRefaultNs = -1;
        while (sim.crashed().isEmpty() && sim.now() < 60 * Quantities.NS_PER_S) {
            sim.runFor(Psi.PERIOD_NS);
            if (firstRefaultNs < 0 && m.workingsetRefaults() > 0) {
                firstRefaultNs = sim.now();
            }
            if (m.psiSome().percent(0) > 5 && someAtRefault < 0) {
                someAtRefault = sim.now();
            }
        }
        assertTrue(sim.crashed().isPresent(), "the leak ends in an OOM");
        long crashNs = sim.now();
        assertTrue(firstRefaultNs > 0 && m.workingsetRefaults() > 1000, "refaults: " + m.workingsetRefaults());
        assertTrue(someAtRefault > 0 && crashNs - someAtRefault >= 4 * Quantities.NS_PER_S,
                "PSI some above 5% at " + someAtRefault + " ns, the OOM at " + crashNs + " ns");
        assertTrue(m.zone().check().isEmpty(), m.zone().check().toString());
    }

    @Test
    void workloadStallsReachPsi() {
        Simulation sim = new Simulation(1);
        PhysicalMemory m = mem(sim, 16);
        m.oomPolicy(OomPolicy.KILL);
        sim.workloads().start("leak", new WorkloadParams(Map.of("rate", "64MiB/s", "chunk", "4KiB")));
        sim.runFor(4 * Quantities.NS_PER_S);
        assertTrue(m.psiSomeTotalNs() >= PhysicalMemory.FUTILE_RECLAIM_NS, "futile reclaim before the OOM kill stalled the leak");
        assertTrue(m.counters().oomKills() >= 1);
        assertTrue(m.psiFullTotalNs() <= m.psiSomeTotalNs());
    }

    @Test
    void workloadsAreDeterministic() {
        assertEquals(runMix(7), runMix(7));
    }

    private static long runMix(long seed) {
        Simulation sim = new Simulation(seed);
        PhysicalMemory m = mem(sim, 64);
        m.oomPolicy(OomPolicy.KILL);
        m.proactiveCompaction(true);
        sim.workloads().start("frag-storm", new WorkloadParams(Map.of("max", "8MiB")));
        sim.workloads().start("high-order", new WorkloadParams(Map.of("every", "50ms")));
        sim.workloads().start("page-cache", new WorkloadParams(Map.of("rate", "8MiB/s")));
        sim.workloads().start("sawtooth", new WorkloadParams(Map.of("peak", "16MiB", "period", "2s")));
        sim.workloads().start("burst", new WorkloadParams(Map.of("size", "8MiB", "every", "1s", "hold", "200ms")));
        sim.workloads().start("steady-high", new WorkloadParams(Map.of("size", "8MiB")));
        sim.runFor(5 * Quantities.NS_PER_S);
        assertTrue(m.zone().check().isEmpty(), m.zone().check().toString());
        return sim.trace().digest();
    }

    @Test
    void ownerContractChargesAnExistingProcessAndStopsWithIt() {
        Simulation sim = new Simulation(1);
        PhysicalMemory m = mem(sim, 64);
        long task = sim.processes().spawn("task", "sched", null);
        sim.workloads().start("leak", new WorkloadParams(Map.of("owner", Long.toString(task), "rate", "4MiB/s")));
        sim.runFor(Quantities.NS_PER_S);
        long held = m.zone().ownerPages((int) task);
        assertTrue(held > 900 && held <= 1040, "about 4 MiB charged to the task: " + held);
        sim.processes().kill(task, "test");
        assertEquals(0, m.zone().ownerPages((int) task));
        long events = sim.eventsProcessed();
        sim.runFor(Quantities.NS_PER_S);
        assertEquals(0, m.zone().usedPages(Mobility.MOVABLE), "the leak stopped with its owner");
        assertTrue(sim.eventsProcessed() - events < 10);
    }

    @Test
    void aKilledWorkloadNoLongerShowsTheMemoryItHeld() {
        Simulation sim = new Simulation(1);
        mem(sim, 64);
        int id = sim.workloads().start("steady-high", new WorkloadParams(Map.of("size", "8MiB", "ramp", "100ms")));
        sim.runFor(Quantities.NS_PER_S);
        String before = sim.workloads().running().get(0).workload().describe();
        assertTrue(before.contains("holding 7.9MiB"), before);
        long pid = sim.processes().live().stream().filter(p -> p.name().equals("steady-high")).findFirst().orElseThrow().pid();
        sim.processes().kill(pid, "test");
        String after = sim.workloads().running().stream().filter(r -> r.id() == id).findFirst().orElseThrow().workload().describe();
        assertEquals("steady-high ended: pid " + pid + " killed (test); its memory was freed", after);
    }

    @Test
    void rangesAreDrawnPerSeedAndStartIsDelayed() {
        java.util.function.LongFunction<long[]> run = seed -> {
            Simulation sim = new Simulation(seed);
            PhysicalMemory m = mem(sim, 64);
            sim.workloads().start("leak", new WorkloadParams(Map.of("rate", "1MiB/s..8MiB/s", "start", "1s..3s", "chunk", "4KiB")));
            sim.runFor(4 * Quantities.NS_PER_S);
            return new long[]{m.workloadStartNs("leak"), m.zone().usedPages(Mobility.MOVABLE)};
        };
        long[] a = run.apply(1), b = run.apply(1);
        assertEquals(a[0], b[0]);
        assertEquals(a[1], b[1], "the same seed draws the same parameters");
        java.util.Set<Long> starts = new java.util.TreeSet<>();
        for (long seed = 1; seed <= 6; seed++) {
            long[] r = run.apply(seed);
            assertTrue(r[0] >= Quantities.NS_PER_S && r[0] <= 3 * Quantities.NS_PER_S, "start in 1..3 s: " + r[0]);
            starts.add(r[0]);
        }
        assertTrue(starts.size() > 3, "seeds draw different start times: " + starts);
        Simulation sim = new Simulation(1);
        mem(sim, 64);
        assertThrows(KosException.class, () -> sim.workloads().start("leak", new WorkloadParams(Map.of("rate", "1MiB/s..8KiB/s"))));
        assertThrows(KosException.class, () -> sim.workloads().start("leak", new WorkloadParams(Map.of("rate", "8MiB/s..1MiB/s"))));
        assertThrows(KosException.class, () -> sim.workloads().start("leak", new WorkloadParams(Map.of("rat", "1MiB/s..2MiB/s"))));
    }

    @Test
    void badWorkloadOptionsAreClearErrors() {
        Simulation sim = new Simulation(1);
        mem(sim, 64);
        assertThrows(KosException.class, () -> sim.workloads().start("leak", new WorkloadParams(Map.of("type", "squishy"))));
        assertThrows(KosException.class, () -> sim.workloads().start("leak", new WorkloadParams(Map.of("chunk", "8MiB"))));
        assertThrows(KosException.class, () -> sim.workloads().start("leak", new WorkloadParams(Map.of("owner", "999"))));
        assertThrows(KosException.class, () -> sim.workloads().start("leak", new WorkloadParams(Map.of("rat", "1MiB/s"))));
        assertThrows(KosException.class, () -> sim.workloads().start("high-order", new WorkloadParams(Map.of("min-order", "8", "max-order", "5"))));
    }

    @Test
    void snapshotReflectsState() {
        Simulation sim = new Simulation(1);
        PhysicalMemory m = mem(sim, 16);
        long pid = sim.processes().spawn("p", "test", null);
        m.allocate(3, Mobility.UNMOVABLE, pid);
        m.allocate(0, Mobility.RECLAIMABLE, pid);
        MemorySnapshot s = m.snapshot();
        assertEquals(4096, s.totalPages());
        assertEquals(4096 - 9, s.freePages());
        assertEquals(1, s.pageCachePages());
        assertEquals(8, s.unmovablePages());
        assertEquals(10, s.largestFreeOrder());
        assertEquals(-1000, s.fragIndex9());
    }

    @Test
    void manualCompactionAndReclaimReportResults() {
        Simulation sim = new Simulation(1);
        PhysicalMemory m = mem(sim, 16);
        long pid = sim.processes().spawn("p", "test", null);
        for (int i = 0; i < 100; i++) {
            m.allocate(0, Mobility.RECLAIMABLE, pid);
        }
        ReclaimResult r = m.reclaimNow(40);
        assertEquals(40, r.freed());
        assertEquals(PhysicalMemory.RECLAIM_ENTRY_NS + 40 * PhysicalMemory.RECLAIM_NS_PER_PAGE, r.costNs());
        CompactionResult c = m.compactNow();
        assertEquals(-1, c.order());
        assertTrue(c.costNs() >= c.scanned() * PhysicalMemory.COMPACT_SCAN_NS_PER_PAGE);
    }

    @Test
    void groupingByMobilityKeepsUnmovableOutOfMovablePageblocks() {
        int[] mixed = new int[2];
        int[] largest = new int[2];
        for (int g = 0; g < 2; g++) {
            Simulation sim = new Simulation(3);
            PhysicalMemory m = mem(sim, 64);
            m.zone().grouping(g == 1);
            m.oomPolicy(OomPolicy.KILL);
            sim.workloads().start("frag-storm", new WorkloadParams(Map.of("rate", "4MiB/s", "max", "4MiB")));
            sim.workloads().start("sawtooth", new WorkloadParams(Map.of("peak", "40MiB", "period", "4s", "chunk", "4KiB")));
            sim.runFor(7 * Quantities.NS_PER_S);
            m.compactNow();
            mixed[g] = m.zone().mixedPageblocks();
            largest[g] = m.zone().largestFreeOrder();
            assertTrue(m.zone().check().isEmpty());
        }
        assertTrue(mixed[1] < mixed[0], "grouping on: " + mixed[1] + " mixed pageblocks, off: " + mixed[0]);
        assertTrue(largest[1] >= largest[0], "largest free order on " + largest[1] + ", off " + largest[0]);
    }
}
