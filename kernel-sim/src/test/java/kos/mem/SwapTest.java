package kos.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.WorkloadParams;
import org.junit.jupiter.api.Test;

class SwapTest {
    private static final long MIB_PAGES = Quantities.MIB / BuddyAllocator.PAGE_SIZE;

    @Test
    void swapIsCheckedWhenSetUp() {
        PhysicalMemory m = PhysicalMemory.install(new Simulation(1), 64 * Quantities.MIB);
        assertThrows(KosException.class, () -> m.enableSwap(0, 60));
        assertThrows(KosException.class, () -> m.enableSwap(4097, 60));
        assertThrows(KosException.class, () -> m.enableSwap(Quantities.MIB, 201));
        assertThrows(KosException.class, () -> m.enableSwap(128L << 30, 60));
        m.enableSwap(16 * Quantities.MIB, 60);
        assertThrows(KosException.class, () -> m.enableSwap(16 * Quantities.MIB, 60), "only once");
        PhysicalMemory late = PhysicalMemory.install(new Simulation(1), 64 * Quantities.MIB);
        late.allocate(0, Mobility.MOVABLE, late.shellPid());
        KosException e = assertThrows(KosException.class, () -> late.enableSwap(Quantities.MIB, 60));
        assertTrue(e.getMessage().contains("before anything is allocated"), e.getMessage());
    }

    /** Seconds until a 64 MiB machine with a 16 MiB service and an 8 MiB/s leak panics. */
    private static double crashSeconds(long swapMib, long seed) {
        Simulation sim = new Simulation(seed);
        PhysicalMemory m = PhysicalMemory.install(sim, 64 * Quantities.MIB);
        if (swapMib > 0) {
            m.enableSwap(swapMib * Quantities.MIB, 60);
        }
        sim.workloads().start("steady-high", new WorkloadParams(Map.of("size", "16MiB")));
        sim.workloads().start("leak", new WorkloadParams(Map.of("rate", "8MiB/s")));
        while (sim.crashed().isEmpty() && sim.now() < 60 * Quantities.NS_PER_S) {
            sim.runFor(100 * Quantities.NS_PER_MS);
        }
        assertTrue(sim.crashed().isPresent(), "the leak ends in an OOM");
        assertTrue(m.check().isEmpty(), m.check().toString());
        if (swapMib > 0) {
            Swap s = m.swap();
            assertTrue(s.freePages() < 16, "swap is full at the OOM: " + s.freePages() + " pages free");
            assertTrue(s.swapOutPages() >= s.usedPages());
        }
        return sim.now() / 1e9;
    }

    @Test
    void aLeakGoesToSwapAndTheMachineLastsAsLongAsSwapTakesToFill() {
        double without = crashSeconds(0, 5), with = crashSeconds(32, 5);
        // 32 MiB more room at 8 MiB/s: about 4 s more (the leak also slows by its reclaim stalls)
        assertTrue(with - without >= 3.5 && with - without <= 8, "without swap " + without + " s, with " + with + " s");
        assertEquals(with, crashSeconds(32, 5), "deterministic");
    }

    @Test
    void reclaimWritesTheOldestAnonymousBlocksAndAnAccessReadsOneBack() {
        Simulation sim = new Simulation(1);
        PhysicalMemory m = PhysicalMemory.install(sim, 16 * Quantities.MIB);
        m.enableSwap(8 * Quantities.MIB, 60);
        long a = sim.processes().spawn("a", "test", null), b = sim.processes().spawn("b", "test", null);
        List<Long> old = new ArrayList<>();
        for (int i = 0; i < 64; i++) { // 4 MiB of a's 64 KiB chunks, allocated first: the oldest
            old.add(m.allocate(4, Mobility.MOVABLE, a));
        }
        long huge = m.allocate(8, Mobility.MOVABLE, b); // 1 MiB: a huge-page-like block, never swapped
        while (m.zone().freePages() > m.watermarks().min() + 64) {
            assertTrue(m.allocate(4, Mobility.MOVABLE, b) >= 0);
        }
        for (int i = 0; i < 32; i++) { // past MIN: direct reclaim has no page cache, so it swaps
            assertTrue(m.allocate(4, Mobility.MOVABLE, b) >= 0);
        }
        Swap s = m.swap();
        assertTrue(s.usedPages() > 0, "anonymous memory went to swap");
        assertFalse(m.zone().isLive(old.get(0)), "the oldest block went first");
        assertTrue(m.zone().isLive(huge), "order 8 is not anonymous memory here");
        assertEquals(s.usedPages(), s.ownerPages((int) a), "a's blocks were the oldest");
        assertEquals(m.zone().ownerPages((int) a) + s.ownerPages((int) a), 64 * 16, "footprint counts swap");
        assertEquals(64 * 16, m.footprintPages((int) a));

        long someBefore = m.psiSomeTotalNs();
        long back = m.access(old.get(0), a, 0);
        long stall = m.lastStallNs();
        assertTrue(back >= 0 && m.zone().isLive(back), "read back into a new block");
        assertNotEquals(old.get(0), back);
        assertEquals(16, s.swapInPages());
        assertTrue(stall >= 16 * PhysicalMemory.PAGE_READ_NS, "the read stalls: " + stall);
        sim.runFor(Quantities.NS_PER_S);
        assertTrue(m.psiSomeTotalNs() - someBefore >= 16 * PhysicalMemory.PAGE_READ_NS, "a memory stall for PSI");
        assertEquals(back, m.access(back, a, 0), "a resident block stays");
        assertEquals(-1, m.access(old.get(0), a, 0), "the old handle is gone");

        long used = s.usedPages();
        assertEquals(16, m.free(old.get(1)), "freeing a swapped-out block releases its slots");
        assertEquals(used - 16, s.usedPages());
        assertEquals(0, m.free(old.get(1)), "only once");
        sim.processes().exit(a, "done");
        assertEquals(0, s.ownerPages((int) a));
        assertEquals(0, s.usedPages(), "exit released a's swap");
        assertTrue(m.check().isEmpty(), m.check().toString());
    }

    @Test
    void aCacheThatIsNotReReadIsReclaimedBeforeAnythingIsSwapped() {
        Simulation sim = new Simulation(1);
        PhysicalMemory m = PhysicalMemory.install(sim, 16 * Quantities.MIB);
        m.enableSwap(8 * Quantities.MIB, 60);
        long p = sim.processes().spawn("p", "test", null);
        for (int i = 0; i < 64; i++) {
            m.allocate(4, Mobility.MOVABLE, p);
        }
        while (m.zone().freePages() > m.watermarks().min() + 64) {
            m.allocate(0, Mobility.RECLAIMABLE, p);
        }
        for (int i = 0; i < 64; i++) {
            m.allocate(0, Mobility.RECLAIMABLE, p);
        }
        assertEquals(0, m.swap().usedPages(), "page cache that is not re-read goes first");
        m.reclaimNow(Long.MAX_VALUE / 4);
        assertEquals(0, m.zone().pageCachePages());
        assertTrue(m.swap().usedPages() > 0, "then anonymous memory");
        assertTrue(m.check().isEmpty(), m.check().toString());
    }

    @Test
    void aServiceLargerThanMemoryThrashesOnSwapInsAndPsiShowsIt() {
        // 64 MiB with 32 MiB of swap: a service of 80 MiB using 16 MiB/s of its memory. A quarter of
        // it is in swap at any time, so about a quarter of its uses read a chunk back (1.6 ms each).
        Simulation sim = new Simulation(3);
        PhysicalMemory m = PhysicalMemory.install(sim, 64 * Quantities.MIB);
        m.enableSwap(32 * Quantities.MIB, 60);
        sim.workloads()
                .start("steady-high", new WorkloadParams(Map.of("size", "80MiB", "ramp", "4s", "touch", "16MiB/s")));
        sim.runFor(40 * Quantities.NS_PER_S);
        assertTrue(sim.crashed().isEmpty(), "it fits memory and swap");
        assertTrue(
                m.swap().swapInPages() > 1000,
                "chunks were read back: " + m.swap().swapInPages());
        assertTrue(
                m.psiSome().percent(0) > 5,
                "PSI some " + m.psiSome().percent(0) + " "
                        + sim.workloads().running().get(0).workload().describe()
                        + " out " + m.swap().swapOutPages() + " in " + m.swap().swapInPages() + " used "
                        + m.swap().usedPages());
        assertTrue(m.check().isEmpty(), m.check().toString());
    }

    @Test
    void aLeakBesideAFileWorkingSetFillsSwapThenPressureRisesBeforeTheOom() {
        // 64 MiB with 16 MiB of swap: a 20 MiB service using 8 MiB/s of it, a 24 MiB file working set
        // re-read at 32 MiB/s and a 2 MiB/s leak from 10 s. Reclaim takes page cache and the leak's
        // cold chunks together (swappiness 60): swap fills, and the working set is squeezed until
        // it refaults; PSI some is above 5% and swap more than 90% used seconds before the OOM.
        Simulation sim = new Simulation(3);
        PhysicalMemory m = PhysicalMemory.install(sim, 64 * Quantities.MIB);
        m.enableSwap(16 * Quantities.MIB, 60);
        sim.workloads().start("steady-high", new WorkloadParams(Map.of("size", "20MiB", "touch", "8MiB/s")));
        sim.workloads().start("working-set", new WorkloadParams(Map.of("size", "24MiB", "rate", "32MiB/s")));
        sim.workloads().start("leak", new WorkloadParams(Map.of("rate", "2MiB/s", "start", "10s")));
        long pressureNs = -1, swapFullNs = -1;
        StringBuilder trace = new StringBuilder();
        while (sim.crashed().isEmpty() && sim.now() < 120 * Quantities.NS_PER_S) {
            sim.runFor(Psi.PERIOD_NS);
            trace.append(String.format(
                    " %ds:%.1f%%/%d",
                    sim.now() / Quantities.NS_PER_S,
                    m.psiSome().percent(0),
                    m.swap().usedPages()));
            if (pressureNs < 0 && m.psiSome().percent(0) > 5) {
                pressureNs = sim.now();
            }
            if (swapFullNs < 0 && m.swap().usedPages() > 0.9 * m.swap().totalPages()) {
                swapFullNs = sim.now();
            }
        }
        assertTrue(sim.crashed().isPresent(), "the leak ends in an OOM;" + trace);
        assertTrue(
                pressureNs > 0 && sim.now() - pressureNs >= 5 * Quantities.NS_PER_S,
                "PSI some above 5% at " + pressureNs + " ns, the OOM at " + sim.now() + " ns;" + trace);
        assertTrue(
                swapFullNs > 0 && sim.now() - swapFullNs >= 4 * Quantities.NS_PER_S,
                "swap 90% used at " + swapFullNs + " ns, the OOM at " + sim.now() + " ns;" + trace);
        assertTrue(m.check().isEmpty(), m.check().toString());
    }

    @Test
    void withoutSwapNothingChanges() {
        Simulation sim = new Simulation(1);
        PhysicalMemory m = PhysicalMemory.install(sim, 16 * Quantities.MIB);
        assertEquals(null, m.swap());
        long p = sim.processes().spawn("p", "test", null);
        long h = m.allocate(4, Mobility.MOVABLE, p);
        assertEquals(h, m.access(h, p, 0));
        assertEquals(0, m.snapshot().swapTotalPages());
        assertEquals(MIB_PAGES / 16, m.footprintPages((int) p));
    }
}
