package kos.threat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThreatMachineTest {
    private static ThreatTask hostile(ThreatMachine m) {
        return m.tasks().stream().filter(ThreatTask::hostile).findFirst().orElseThrow();
    }

    @Test
    void theCheaterTakesMostOfACpuWhileTheTickChargesItNothing() {
        ThreatScenarios.Run r = ThreatScenarios.build("cheat", 7, true);
        r.machine().runUntil(r.attackNs() + 1_000_000_000L);
        TaskCounters c = hostile(r.machine()).counters();
        assertTrue(c.runtimeNs > 700_000_000L, "ran " + c.runtimeNs);
        assertEquals(0, c.chargedNs);
        assertTrue(c.sleepsBeforeTick >= c.sleeps - 1, c.sleepsBeforeTick + " of " + c.sleeps);
    }

    @Test
    void theForkBombGrowsToHundredsOfTasks() {
        ThreatScenarios.Run r = ThreatScenarios.build("forkbomb", 7, true);
        r.machine().runUntil(r.attackNs() + 2_000_000_000L);
        long bombs = r.machine().live().stream().filter(ThreatTask::hostile).count();
        assertTrue(bombs > 100, bombs + " bomb tasks");
        assertTrue(r.machine().live().stream()
                        .filter(ThreatTask::hostile)
                        .mapToInt(ThreatTask::depth)
                        .max()
                        .orElse(0)
                > 3);
    }

    @Test
    void theFragmenterPinsEveryPageblockButTheDriverOnlyAFew() {
        ThreatScenarios.Run r = ThreatScenarios.build("fragment", 7, true);
        ThreatMachine m = r.machine();
        m.runUntil(r.attackNs() + 500_000_000L);
        int[] pinned = m.zone().pageblocksPinnedByOwner();
        ThreatTask driver = m.tasks().stream()
                .filter(t -> t.name().equals("driver"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                pinned[hostile(m).pid()] > 100,
                "attacker pins " + pinned[hostile(m).pid()]);
        assertTrue(pinned[driver.pid()] <= 8, "driver pins " + pinned[driver.pid()]);
        assertTrue(m.zone().pinnedPageblocks() > 100, m.zone().pinnedPageblocks() + " pinned");
    }

    @Test
    void sameSeedSameRunAndBenignTasksIgnoreTheAttack() {
        ThreatScenarios.Run a = ThreatScenarios.build("thrash", 3, true), b = ThreatScenarios.build("thrash", 3, true);
        ThreatScenarios.Run free = ThreatScenarios.build("thrash", 3, false);
        a.machine().runUntil(2_000_000_000L);
        b.machine().runUntil(2_000_000_000L);
        free.machine().runUntil(2_000_000_000L);
        assertEquals(a.machine().jobs(), b.machine().jobs());
        assertEquals(a.machine().tasks().size(), b.machine().tasks().size());
        // the attack slows the victims: their jobs finish later than in the attack-free run
        long late = a.machine().jobs().stream()
                .mapToLong(ThreatMachine.JobDone::finishNs)
                .sum();
        long early = free.machine().jobs().stream()
                .limit(a.machine().jobs().size())
                .mapToLong(ThreatMachine.JobDone::finishNs)
                .sum();
        assertTrue(late > early, late + " vs " + early);
    }

    @Test
    void featuresComeFromCountersAndShowTheCheat() {
        ThreatScenarios.Run r = ThreatScenarios.build("cheat", 5, true);
        TaskFeatures f = new TaskFeatures();
        double[][] last = new double[1][];
        r.machine().observe(100_000_000L, m -> {
            for (TaskFeatures.Row row : f.observe(m)) {
                if (row.task().hostile()) {
                    last[0] = row.x();
                }
            }
        });
        r.machine().runUntil(r.attackNs() + 700_000_000L);
        double[] x = last[0];
        assertEquals(TaskFeatures.NAMES.size(), x.length);
        // the training cheater works in a share of the ticks drawn per seed (0.5..1)
        assertTrue(x[TaskFeatures.NAMES.indexOf("cpu_share")] > 0.35);
        assertTrue(x[TaskFeatures.NAMES.indexOf("charge_ratio")] < 0.05);
        assertEquals(1.0, x[TaskFeatures.NAMES.indexOf("tick_evasion")]);
    }

    /** The attack's first task's (or, with {@code name}, that task's) last row, {@code afterAttackNs} into the attack. */
    private static double[] lastRow(String scenario, long seed, String name, long afterAttackNs) {
        ThreatScenarios.Run r = ThreatScenarios.build(scenario, seed, true);
        TaskFeatures f = new TaskFeatures();
        double[][] last = new double[1][];
        r.machine().observe(100_000_000L, m -> {
            for (TaskFeatures.Row row : f.observe(m)) {
                boolean mine = name == null
                        ? row.task().hostile() && row.task().ppid() == 0
                        : row.task().name().equals(name);
                if (mine) {
                    last[0] = row.x();
                }
            }
        });
        r.machine().runUntil(r.attackNs() + afterAttackNs);
        return last[0];
    }

    private static double feature(double[] x, String name) {
        return x[TaskFeatures.NAMES.indexOf(name)];
    }

    @Test
    void theInvariantFeaturesShowWhatMakesEachAttackHostileAtAnySpeed() {
        // CPU run unseen by the tick: most of a CPU for both cheaters, whichever slot they sleep in
        assertTrue(feature(lastRow("cheat", 5, null, 700_000_000L), "uncharged_share") > 0.35);
        assertTrue(feature(lastRow("cheat-early", 5, null, 700_000_000L), "uncharged_share") > 0.4);
        // and never caught by the tick in a tick it ran in, whatever its sleep slot; the media player, on a timer
        // that fires with the tick, nearly never; a busy task at random phases often
        assertEquals(1.0, feature(lastRow("cheat-early", 5, null, 700_000_000L), "tick_evasion"));
        assertTrue(feature(lastRow("benign", 5, "victim0", 2_000_000_000L), "tick_evasion") < 0.6);
        // a self-copying tree has generations of the same program however slowly it forks; make's compilers
        // run another program
        assertTrue(feature(lastRow("forkbomb-slow", 5, null, 900_000_000L), "same_comm_lineage") >= 2);
        assertEquals(0, feature(lastRow("forkbomb", 5, "make", 300_000_000L), "same_comm_lineage"));
        // runaway memory grows without a free at any rate; the cache stops growing once full
        assertTrue(feature(lastRow("runaway-slow", 5, null, 700_000_000L), "growth_streak_s") >= 0.5);
        assertEquals(0, feature(lastRow("runaway", 5, "memcache", 700_000_000L), "growth_streak_s"));
        // a fragmenter holds one unmovable page per pageblock; the driver packs its buffers
        assertTrue(feature(lastRow("fragment", 5, null, 700_000_000L), "pinned_per_unmovable_page") > 0.5);
        assertTrue(feature(lastRow("fragment", 5, "driver", 700_000_000L), "pinned_per_unmovable_page") < 0.2);
        // a thrasher that pauses holds most of the LLC on average; the backup, paced by I/O, a little
        assertTrue(feature(lastRow("thrash-gentle", 5, null, 700_000_000L), "llc_occupancy_avg_share") > 0.3);
        assertTrue(feature(lastRow("thrash-gentle", 5, "backup", 700_000_000L), "llc_occupancy_avg_share") < 0.15);
    }

    @Test
    void theSessionNineVariantsDoWhatTheySay() {
        // two cooperating streamers and three cooperating cheaters: the first forks the others
        for (String sc : java.util.List.of("thrash-pair", "cheat-trio")) {
            ThreatScenarios.Run r = ThreatScenarios.build(sc, 7, true);
            r.machine().runUntil(r.attackNs() + 500_000_000L);
            long n = r.machine().tasks().stream().filter(ThreatTask::hostile).count();
            assertEquals(sc.equals("thrash-pair") ? 2 : 3, n, sc);
        }
        // the sawtooth runaway frees pages, yet holds more and more
        ThreatScenarios.Run r = ThreatScenarios.build("runaway-sawtooth", 7, true);
        r.machine().runUntil(r.attackNs() + 2_000_000_000L);
        TaskCounters c = hostile(r.machine()).counters();
        assertTrue(c.freeMovable > 1000 && c.pagesHeld > 10_000, "freed " + c.freeMovable + ", held " + c.pagesHeld);
        // the pair fragmenter keeps two pages in a pageblock
        ThreatScenarios.Run f = ThreatScenarios.build("fragment-pair", 7, true);
        f.machine().runUntil(f.attackNs() + 1_000_000_000L);
        TaskCounters fc = hostile(f.machine()).counters();
        int pinned = f.machine()
                .zone()
                .pageblocksPinnedByOwner()[hostile(f.machine()).pid()];
        long held = fc.allocUnmovable - fc.freeUnmovable;
        assertTrue(
                pinned > 16 && held >= 2L * pinned - 2 && held <= 2L * pinned, pinned + " pinned, " + held + " held");
    }

    @Test
    void theSessionSevenVariantsDoWhatTheySay() {
        // the jittering and the three-slot cheaters are never charged, yet run a good part of a CPU
        for (String sc : java.util.List.of("cheat-jitter", "cheat-third")) {
            ThreatScenarios.Run r = ThreatScenarios.build(sc, 7, true);
            r.machine().runUntil(r.attackNs() + 1_000_000_000L);
            TaskCounters c = hostile(r.machine()).counters();
            assertEquals(0, c.chargedNs, sc);
            assertTrue(c.runtimeNs > 250_000_000L, sc + " ran " + c.runtimeNs);
        }
        // the bursty runaway never frees a page, and its memory stands still between bursts
        ThreatScenarios.Run r = ThreatScenarios.build("runaway-bursty", 7, true);
        long[] still = {0}, prev = {-1};
        r.machine().observe(100_000_000L, m -> {
            ThreatTask t =
                    m.tasks().stream().filter(ThreatTask::hostile).findFirst().orElse(null);
            if (t != null) {
                still[0] += t.counters().pagesHeld == prev[0] ? 1 : 0;
                prev[0] = t.counters().pagesHeld;
            }
        });
        r.machine().runUntil(r.attackNs() + 2_000_000_000L);
        TaskCounters c = hostile(r.machine()).counters();
        assertEquals(0, c.freeMovable + c.freeUnmovable);
        assertTrue(c.pagesHeld > 10_000, "held " + c.pagesHeld);
        assertTrue(still[0] >= 2, still[0] + " observations without growth");
    }
}
