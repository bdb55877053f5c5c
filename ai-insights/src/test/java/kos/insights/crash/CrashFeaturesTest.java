package kos.insights.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import kos.simd.Kernels;
import org.junit.jupiter.api.Test;

/** Each feature of kos's predictor on samples whose right value is known. */
class CrashFeaturesTest {
    private static final long MS = 1_000_000L, TOTAL = 100_000;

    static MemorySample s(
            long tMs,
            long free,
            long cache,
            int largest,
            int unusable,
            long failures,
            long stallNs,
            long reclaimed,
            long compactions,
            double some,
            double full,
            double pinned) {
        return new MemorySample(
                tMs * MS,
                TOTAL,
                free,
                cache,
                1_000,
                1_250,
                largest,
                unusable,
                failures,
                stallNs,
                reclaimed,
                compactions,
                some,
                full,
                pinned,
                pinned,
                pinned,
                -1,
                Double.POSITIVE_INFINITY,
                0,
                0);
    }

    private static double f(CrashFeatures c, String name) {
        return c.values()[CrashFeatures.NAMES.indexOf(name)];
    }

    @Test
    void levelsAndRecentSums() {
        CrashFeatures c = new CrashFeatures(Kernels.get());
        c.update(s(0, 30_000, 20_000, 10, 250, 1, 200_000_000, 2_500, 1, 30, 10, 0.25));
        assertEquals(0.5, f(c, "usage"), 1e-12);
        assertEquals(0.0, f(c, "headroom"), 1e-12, "49,000 pages above MIN is far beyond 10% of memory");
        assertEquals(1 / 3.0, f(c, "failures"), 1e-12);
        assertEquals(0.2, f(c, "stalls"), 1e-12);
        assertEquals(0.25, f(c, "unusable"), 1e-12);
        assertEquals(0.3, f(c, "psi_some"), 1e-12);
        assertEquals(0.1, f(c, "psi_full"), 1e-12);
        assertEquals(0.2, f(c, "cache"), 1e-12);
        assertEquals(0.5, f(c, "reclaim"), 1e-12);
        assertEquals(0.2, f(c, "compactions"), 1e-12);
        assertEquals(0.0, f(c, "large_block_deficit"), 1e-12);
        assertEquals(0.0, f(c, "available_low"), 1e-12);
        assertEquals(0.25, f(c, "pinned_blocks"), 1e-12);
        assertEquals(0.0, f(c, "tte"), "no growth yet: no time to exhaustion");
        assertEquals(-1, c.timeToExhaustionNs());
    }

    @Test
    void recentSumsForgetAfterOneSecond() {
        CrashFeatures c = new CrashFeatures(Kernels.get());
        c.update(s(0, 50_000, 0, 10, 0, 3, 0, 0, 0, 0, 0, 0));
        for (int i = 1; i <= 10; i++) {
            c.update(s(i * 100L, 50_000, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        assertEquals(0.0, f(c, "failures"));
    }

    @Test
    void timeToExhaustionFromSteadyGrowth() {
        CrashFeatures c = new CrashFeatures(Kernels.get());
        // Flat for the first second, then unrecoverable memory grows 1,000 pages/s; at t = 10 s,
        // 52,000 pages are free: tte = 51 s.
        for (int i = 0; i <= 100; i++) {
            c.update(s(i * 100L, 61_000 - 100L * Math.max(0, i - 10), 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        assertEquals(-1, c.timeToExhaustionNs(), "the projection has not yet held for TRUST_SAMPLES in a row");
        assertEquals(1 - 51 / 60.0, f(c, "tte"), 1e-3);
        // One second later it has held: tte = 50 s.
        for (int i = 101; i <= 110; i++) {
            c.update(s(i * 100L, 61_000 - 100L * (i - 10), 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        assertEquals(50e9, c.timeToExhaustionNs(), 1e7);
        assertEquals(1 - 50 / 60.0, f(c, "tte"), 1e-3);
        assertEquals(0.0, f(c, "soon"), 1e-12);
        assertEquals(1 / 9.0, f(c, "large_block_deficit"), 1e-12);
    }

    @Test
    void aGrowthFromBootIsStartUpUntilItStopsOrThirtySecondsPass() {
        CrashFeatures c = new CrashFeatures(Kernels.get());
        // 200 pages/s from the first sample on: a service starting, not (yet) a leak.
        for (int i = 0; i <= 200; i++) {
            c.update(s(i * 100L, 61_000 - 20L * i, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        assertEquals(-1, c.timeToExhaustionNs(), "still the boot ramp at 20 s");
        for (int i = 201; i <= 320; i++) {
            c.update(s(i * 100L, 61_000 - 20L * i, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        // At 32 s (the ramp counted as start-up until 30 s, then 1 s of trust): 54,600 free, 268 s.
        assertEquals(268e9, c.timeToExhaustionNs(), 1e9);
        // A ramp from boot that stops ends the start-up for good: a later growth is trusted.
        CrashFeatures d = new CrashFeatures(Kernels.get());
        for (int i = 0; i <= 230; i++) {
            long free = i < 50 ? 61_000 - 200L * i : i < 120 ? 51_000 : 51_000 - 100L * (i - 120);
            d.update(s(i * 100L, free, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        assertEquals(39e9, d.timeToExhaustionNs(), 1e9, "39,000 pages above MIN at 1,000 pages/s");
    }

    @Test
    void aProjectionFirstTrustedTooLateToActOnIsNotUsed() {
        CrashFeatures c = new CrashFeatures(Kernels.get());
        // A ramp of 5,000 pages/s from 1 s: when the window first holds 10 s and the projection has
        // held for 1 s (t = 10.8 s), 10,000 pages are left above MIN: 2 s, under 3.5 s.
        for (int i = 0; i <= 110; i++) {
            c.update(s(i * 100L, Math.max(1_000, 60_000 - 500L * Math.max(0, i - 10)), 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        assertEquals(0.0, f(c, "projected"), "a run of trust that begins 2 s from exhaustion is not used");
        // The same ramp from 4 s is first trusted (at 11 s) 8.7 s ahead of exhaustion: used.
        CrashFeatures d = new CrashFeatures(Kernels.get());
        for (int i = 0; i <= 110; i++) {
            d.update(s(i * 100L, Math.min(79_500, 79_500 - 500L * (i - 40)), 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        assertEquals(8.7e9, d.timeToExhaustionNs(), 1e8);
    }

    @Test
    void anImminentExhaustionIsProjectedForAFastGrowthButNotForAStep() {
        // Flat for 20 s, then 10,000 pages/s: too fast for a trusted projection to be used (it would
        // come under 3.5 s), but within 5% of memory above MIN and growing in both half-seconds.
        CrashFeatures c = new CrashFeatures(Kernels.get());
        long t = 0;
        for (int i = 0; i <= 200; i++, t += 100) {
            c.update(s(t, 60_000, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        long free = 60_000;
        while (free > 5_000) {
            free -= 1_000;
            t += 100;
            c.update(s(t, free, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        assertTrue(
                c.timeToExhaustionNs() > 0 && c.timeToExhaustionNs() <= 2e9,
                "4,000 pages above MIN at 10,000 pages/s: " + c.timeToExhaustionNs());
        assertEquals(0.4e9, c.timeToExhaustionNs(), 0.05e9);
        // A burst allocated at once to within 3% of MIN grew in one half-second only: nothing imminent.
        CrashFeatures d = new CrashFeatures(Kernels.get());
        for (int i = 0; i <= 200; i++) {
            d.update(s(i * 100L, 60_000, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        for (int i = 201; i <= 206; i++) {
            d.update(s(i * 100L, 4_000, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
            assertEquals(-1, d.timeToExhaustionNs(), "a step at " + i);
        }
        // The same fast growth from boot, never held still: a start-up, not imminent.
        CrashFeatures e = new CrashFeatures(Kernels.get());
        long f = 99_000;
        for (int i = 0; f > 5_000; i++) {
            f -= 1_000;
            e.update(s(i * 100L, f, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
            assertEquals(-1, e.timeToExhaustionNs(), "growing since boot at " + i);
        }
    }

    @Test
    void aRampFromRestIsProjectedWithinTwoSecondsButNotAJobsNextRamp() {
        // At rest for 20 s, then 2,000 pages/s: after four half-seconds of steady growth the headroom
        // over the ramp's rate (the trusted projection needs about 8 s more).
        CrashFeatures c = new CrashFeatures(Kernels.get());
        long t = 0;
        for (int i = 0; i <= 200; i++, t += 100) {
            c.update(s(t, 60_000, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        long free = 60_000;
        for (int i = 1; i <= 21; i++, t += 100) {
            free -= 200;
            c.update(s(t, free, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        // 54,800 free, 53,800 above MIN at 2,000 pages/s: 26.9 s, beyond the 15 s the ramp counts
        assertEquals(-1, c.timeToExhaustionNs());
        CrashFeatures d = new CrashFeatures(Kernels.get());
        t = 0;
        for (int i = 0; i <= 200; i++, t += 100) {
            d.update(s(t, 30_000, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        free = 30_000;
        for (int i = 1; i <= 21; i++, t += 100) {
            free -= 200;
            d.update(s(t, free, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        assertEquals(12.4e9, d.timeToExhaustionNs(), 0.2e9, "25,800 free, 24,800 above MIN at 2,000 pages/s");
        // A batch job's second ramp starts where it freed, far above its first peak: no ramp projection.
        CrashFeatures e = new CrashFeatures(Kernels.get());
        t = 0;
        for (int i = 0; i <= 100; i++, t += 100) {
            e.update(s(t, 60_000, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        for (int cycle = 0; cycle < 2; cycle++) {
            free = 60_000;
            for (int i = 1; i <= 60; i++, t += 100) {
                free -= 800;
                e.update(s(t, free, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
                if (cycle == 1 && i <= 30) {
                    assertEquals(-1, e.timeToExhaustionNs(), "second ramp, sample " + i);
                }
            }
            e.update(s(t, 60_000, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
            t += 100;
        }
    }

    @Test
    void burstsOnARisingFloorAreProjectedButNotOnAFlatOne() {
        // A job takes 30,000 pages for 5 s every 12 s from 5 s; beside it a leak of 400 pages/s from
        // 1 s lowers the floor (50,000 free at 1 s) by 4,000 pages per 10 s block. The burst of
        // 29-34 s left 5,840 pages above MIN at 33.9 s (second 33); at 38 s, between bursts, no other
        // projection holds (the headroom is far above that dip). The blocks' floors are those at 10,
        // 22 and 34 s, each block's first moment between bursts (46,400, 41,600, 36,800 free): 480
        // pages/s over 20 s, so the dip moved forward reaches MIN 5,840 / 480 - 5 = 7.2 s later.
        // Without the leak: nothing.
        for (boolean leak : new boolean[] {true, false}) {
            CrashFeatures c = new CrashFeatures(Kernels.get());
            for (int i = 0; i <= 380; i++) {
                double ts = i / 10.0;
                long floor = 50_000 - (leak ? Math.round(400 * Math.max(0, ts - 1)) : 0);
                boolean burst = ts >= 5 && (ts - 5) % 12 < 5;
                c.update(s(i * 100L, floor - (burst ? 30_000 : 0), 0, 8, 0, 0, 0, 0, 0, 0, 0, 0));
            }
            if (leak) {
                assertEquals(7.17e9, c.timeToExhaustionNs(), 0.1e9);
            } else {
                assertEquals(-1, c.timeToExhaustionNs(), "a flat floor projects nothing");
            }
        }
    }

    @Test
    void troughStepsMustBeAlike() {
        assertTrue(CrashFeatures.evenSteps(10, 12));
        assertTrue(CrashFeatures.evenSteps(10, 30));
        assertFalse(CrashFeatures.evenSteps(0.1, 139.6), "a block without a peak is no step of a trend");
        assertFalse(CrashFeatures.evenSteps(40, 10));
    }

    @Test
    void demandedOrderAndSpareRegions() {
        CrashFeatures c = new CrashFeatures(Kernels.get());
        c.update(s(0, 50_000, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(0.0, f(c, "demanded_order"));
        assertEquals(Double.POSITIVE_INFINITY, CrashFeatures.spareRegions(c.values()));
        MemorySample m = s(100, 50_000, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0);
        c.update(new MemorySample(
                m.timeNs(),
                m.totalPages(),
                m.freePages(),
                m.cachePages(),
                m.minWatermark(),
                m.lowWatermark(),
                m.largestFreeOrder(),
                m.unusableIndex(),
                0,
                0,
                0,
                1,
                0,
                0,
                0.9,
                0.9,
                0.9,
                9,
                4,
                0,
                0));
        assertEquals(10 / 11.0, f(c, "demanded_order"), 1e-12);
        assertEquals(0.75, f(c, "spare_low"), 1e-12);
        assertEquals(4.0, CrashFeatures.spareRegions(c.values()), 1e-12);
    }

    @Test
    void earlyoomSignalRamps() {
        CrashFeatures c = new CrashFeatures(Kernels.get());
        c.update(s(0, 10_000, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(0.5, f(c, "available_low"), 1e-12);
    }

    @Test
    void cleanPageblocksRunningOutAndTheirProjection() {
        CrashFeatures c = new CrashFeatures(Kernels.get());
        double pageblocks = TOTAL / 512.0;
        // Pinning 0.1% of the pageblocks per second, from 94.5% to 95% over 5 s.
        for (int i = 0; i <= 50; i++) {
            c.update(s(i * 100L, 50_000, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0.945 + 0.0001 * i));
        }
        double clean = 0.05 * pageblocks;
        assertEquals(1 - clean / 16, f(c, "clean_blocks_low"), 1e-9);
        assertEquals(1 - (clean - 0.001 * pageblocks * 10) / 16, f(c, "clean_blocks_soon"), 1e-3);
        assertEquals(
                1 - clean * 2 / 32,
                f(c, "clean_half_blocks_low"),
                1e-9,
                "the same share of 1 MiB regions, twice as many");
    }

    @Test
    void peakHeadroomIsRememberedForThirtySeconds() {
        CrashFeatures c = new CrashFeatures(Kernels.get());
        // One dip to 2% of memory above MIN (3,000 free, MIN 1,000), then plenty for a while.
        c.update(s(0, 3_000, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(1 - 0.02 / 0.05, f(c, "peak_headroom_low"), 1e-9);
        long t = 100;
        for (; t < 29_900; t += 100) {
            c.update(s(t, 60_000, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        assertEquals(1 - 0.02 / 0.05, f(c, "peak_headroom_low"), 1e-9, "29.9 s later the dip still counts");
        for (; t <= 30_000; t += 100) {
            c.update(s(t, 60_000, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0));
        }
        assertEquals(0.0, f(c, "peak_headroom_low"), 1e-9, "at 30 s its second has left the window");
    }

    @Test
    void compactionPassesCountForThirtySeconds() {
        CrashFeatures c = new CrashFeatures(Kernels.get());
        c.update(s(0, 50_000, 0, 10, 0, 0, 0, 0, 2, 0, 0, 0));
        c.update(s(12_000, 50_000, 0, 10, 0, 0, 0, 0, 1, 0, 0, 0));
        assertEquals(0.6, f(c, "compactions_30s"), 1e-12);
        c.update(s(31_000, 50_000, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(0.2, f(c, "compactions_30s"), 1e-12);
        c.reset();
        c.update(s(31_100, 50_000, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(0.0, f(c, "compactions_30s"), 1e-12);
    }
}
