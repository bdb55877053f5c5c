package kos.insights.autonomy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kos.insights.crash.CrashCause;
import kos.insights.crash.CrashMonitor;
import kos.insights.crash.CrashPredictor;
import kos.insights.crash.MemorySample;
import kos.insights.crash.Prediction;
import kos.mem.BuddyAllocator;
import kos.mem.CompactionResult;
import kos.mem.Mobility;
import kos.mem.PhysicalMemory;
import kos.sim.Simulation;
import org.junit.jupiter.api.Test;

/** The loop's actions, driven by a predictor that always says the same thing. */
class AutonomyLoopTest {
    private static final long MS = 1_000_000L;

    /** Always predicts a crash of {@code cause} at confidence 0.95. */
    private record Always(CrashCause cause) implements CrashPredictor {
        @Override
        public String name() {
            return "always";
        }

        @Override
        public Prediction update(MemorySample s) {
            return new Prediction(s.timeNs(), 0.95, cause, -1, List.of(), new double[0]);
        }

        @Override
        public void reset() {}
    }

    /** Like {@link Always}, but an estimating predictor that projects exhaustion in {@code tteNs} (-1: none). */
    private record Projecting(CrashCause cause, long tteNs) implements CrashPredictor {
        @Override
        public String name() {
            return "projecting";
        }

        @Override
        public Prediction update(MemorySample s) {
            return new Prediction(s.timeNs(), 0.95, cause, tteNs, List.of(), new double[0]);
        }

        @Override
        public boolean projectsExhaustion() {
            return true;
        }

        @Override
        public void reset() {}
    }

    private record Machine(Simulation sim, PhysicalMemory mem, AutonomyLoop loop) {}

    private static Machine machine(CrashCause cause, AutonomyLoop.Config config) {
        return machine(new Always(cause), config);
    }

    private static Machine machine(CrashPredictor predictor, AutonomyLoop.Config config) {
        Simulation sim = new Simulation(1);
        PhysicalMemory mem = PhysicalMemory.install(sim, 16L << 20);
        CrashMonitor monitor = CrashMonitor.install(sim, mem, predictor, CrashMonitor.Config.DEFAULT);
        AutonomyLoop loop = AutonomyLoop.install(sim, mem, monitor, config);
        loop.enabled(true);
        return new Machine(sim, mem, loop);
    }

    /**
     * Without mobility grouping, fills memory page by page (lowest address first) and keeps one
     * unmovable page of {@code pinner} at the start of every pageblock, the movable rest of
     * {@code filler} freed again every other page: fragmented, and pinned everywhere.
     */
    private static void pinEveryPageblock(PhysicalMemory mem, long pinner, long filler) {
        BuddyAllocator zone = mem.zone();
        zone.grouping(false);
        List<Long> movable = new ArrayList<>();
        for (int pfn = 0; pfn < zone.pages(); pfn++) { // the zone directly: no watermarks, no OOM
            if (pfn % 512 == 0) {
                assertEquals(pfn, zone.pfnOf(zone.allocate(0, Mobility.UNMOVABLE, (int) pinner)));
            } else {
                movable.add(zone.allocate(0, Mobility.MOVABLE, (int) filler));
            }
        }
        for (int i = 0; i < movable.size(); i += 2) {
            zone.free(movable.get(i));
        }
    }

    private static List<String> actions(AutonomyLoop loop) {
        return loop.audit(100).stream().map(AuditEntry::action).toList();
    }

    @Test
    void failedCompactionIsDeferredAndThePinningProcessKilled() {
        Machine m = machine(CrashCause.FRAGMENTATION, AutonomyLoop.Config.DEFAULT);
        long pinner = m.sim().processes().spawn("pinner", "workload", null);
        long filler = m.sim().processes().spawn("filler", "workload", null);
        pinEveryPageblock(m.mem(), pinner, filler);
        demand(m, 9); // a 2 MiB request found no free block
        m.sim().runFor(1_100 * MS);
        assertEquals(List.of("compact", "kill"), actions(m.loop()));
        AuditEntry compact = m.loop().audit(100).get(0),
                kill = m.loop().audit(100).get(1);
        assertTrue(compact.detail().contains("compaction deferred for 2 decisions"), compact.detail());
        assertTrue(
                kill.detail().contains("pid " + pinner + " (pinner)")
                        && kill.detail().contains("pins 8 of 8 pageblocks"),
                kill.detail());
        assertEquals(kill.timeNs(), compact.timeNs(), "the failed pass is reason enough: no decision is lost waiting");
        assertFalse(m.sim().processes().isAlive(pinner));
        assertTrue(m.sim().processes().isAlive(filler), "the movable filler is not what blocks compaction");
        assertEquals(0, m.mem().zone().pinnedPageblocks());
    }

    /** What the kernel tells the loop when a request of {@code order} had to compact (Linux's compact_stall). */
    private static void demand(Machine m, int order) {
        m.loop().noteCompaction(m.sim().now(), new CompactionResult("direct", order, 0, 0, 0, -1, -1));
    }

    @Test
    void noPinnerIsKilledForABlockNobodyAskedFor() {
        // The same pinned memory, but the only requests that needed compaction were order 6, which
        // the free lists still serve: the failed 2 MiB compaction is no reason to kill.
        Machine m = machine(CrashCause.FRAGMENTATION, AutonomyLoop.Config.DEFAULT);
        long pinner = m.sim().processes().spawn("pinner", "workload", null);
        long filler = m.sim().processes().spawn("filler", "workload", null);
        pinEveryPageblock(m.mem(), pinner, filler);
        demand(m, 6);
        m.sim().runFor(1_100 * MS);
        assertTrue(m.mem().zone().largestFreeOrder() >= 6, "compaction assembles order-6 blocks");
        assertFalse(
                m.loop().actionCounts().containsKey("kill"), m.loop().audit(10).toString());
        assertTrue(m.sim().processes().isAlive(pinner));
        // And without any request that needed compaction, nobody is killed either.
        Machine quiet = machine(CrashCause.FRAGMENTATION, AutonomyLoop.Config.DEFAULT);
        long p2 = quiet.sim().processes().spawn("pinner", "workload", null);
        pinEveryPageblock(quiet.mem(), p2, p2);
        quiet.sim().runFor(1_100 * MS);
        assertFalse(quiet.loop().actionCounts().containsKey("kill"));
        assertTrue(quiet.loop().audit(10).stream().anyMatch(e -> e.detail().contains("nobody is killed")));
    }

    @Test
    void withoutKillsTheDeferredDecisionsSkipCompactionAndTheDeferralGrows() {
        Machine m = machine(CrashCause.FRAGMENTATION, AutonomyLoop.Config.DEFAULT.withKillAllowed(false));
        long pinner = m.sim().processes().spawn("pinner", "workload", null);
        pinEveryPageblock(m.mem(), pinner, pinner);
        m.sim().runFor(5_100 * MS); // decisions at 0.5, 1.0, ..., 5.0 s
        // compact at 0.5 s (deferred 2), skip 1.0 and 1.5, compact at 2.0 (deferred 4), skip 2.5..4.0, compact at 4.5
        // (deferred 8)
        assertEquals(Map.of("compact", 3), m.loop().actionCounts());
        assertTrue(m.sim().processes().isAlive(pinner));
    }

    @Test
    void aSuccessfulCompactionIsNotDeferredButRateLimited() {
        Machine m = machine(CrashCause.FRAGMENTATION, AutonomyLoop.Config.DEFAULT);
        long filler = m.sim().processes().spawn("filler", "workload", null);
        BuddyAllocator zone = m.mem().zone();
        List<Long> pages = new ArrayList<>();
        for (int i = 0; i < zone.pages() / 2; i++) {
            pages.add(zone.allocate(0, Mobility.MOVABLE, (int) filler));
        }
        for (int i = 0; i < pages.size(); i += 2) {
            zone.free(pages.get(i));
        }
        m.sim().runFor(10_100 * MS);
        assertEquals(Map.of("compact", 6), m.loop().actionCounts(), "6 per minute, none deferred");
        assertTrue(m.loop().audit(100).stream().anyMatch(e -> e.detail().startsWith("rate limit")));
        assertTrue(m.sim().processes().isAlive(filler));
    }

    @Test
    void anAlarmWithoutProjectedExhaustionKillsNobody() {
        // High, flat usage: the alarm says lack of memory, but an estimating predictor projects no
        // exhaustion (or one far away): nobody is killed, and the audit says why.
        for (long tte : new long[] {-1, 120_000_000_000L}) {
            Machine m = machine(new Projecting(CrashCause.LACK_OF_MEMORY, tte), AutonomyLoop.Config.DEFAULT);
            long big = m.sim().processes().spawn("big", "workload", null);
            for (int i = 0; i < 1000; i++) {
                m.mem().allocate(0, Mobility.MOVABLE, big);
            }
            m.sim().runFor(3_100 * MS);
            assertEquals(Map.of(), m.loop().actionCounts(), "tte " + tte);
            assertTrue(m.sim().processes().isAlive(big));
            assertTrue(m.loop().audit(10).stream().anyMatch(e -> e.detail().contains("nobody is killed")));
        }
        Machine m = machine(new Projecting(CrashCause.LACK_OF_MEMORY, 10_000_000_000L), AutonomyLoop.Config.DEFAULT);
        long big = m.sim().processes().spawn("big", "workload", null);
        m.sim().runFor(500 * MS);
        for (int i = 0; i < 1000; i++) {
            m.mem().allocate(0, Mobility.MOVABLE, big);
        }
        m.sim().runFor(600 * MS);
        assertEquals(Map.of(), m.loop().actionCounts(), "a projection that has not held 3 s kills nobody");
        assertTrue(m.loop().audit(10).stream().anyMatch(e -> e.detail().contains("a kill needs")));
        m.sim().runFor(2_500 * MS); // the alarm has now held 3 s at consecutive decisions
        assertEquals(Map.of("kill", 1), m.loop().actionCounts(), "exhaustion projected in 10 s: the grower goes");
    }

    @Test
    void lackOfMemoryKillsTheProcessThatGrewMost() {
        Machine m = machine(CrashCause.LACK_OF_MEMORY, AutonomyLoop.Config.DEFAULT);
        long big = m.sim().processes().spawn("big", "workload", null);
        long grower = m.sim().processes().spawn("grower", "workload", null);
        m.mem().allocate(9, Mobility.MOVABLE, big);
        m.loop().enabled(false);
        m.sim().runFor(5_000 * MS); // the loop keeps its footprint history while off
        m.sim().every(100 * MS, s -> m.mem().allocate(0, Mobility.MOVABLE, grower));
        m.loop().enabled(true);
        m.sim().runFor(600 * MS);
        assertEquals(Map.of("kill", 1), m.loop().actionCounts());
        assertFalse(m.sim().processes().isAlive(grower));
        assertTrue(m.sim().processes().isAlive(big), "larger, but not growing");
    }
}
