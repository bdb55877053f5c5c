package kos.insights.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import kos.simd.Kernels;
import org.junit.jupiter.api.Test;

class BaselinesTest {
    private static final long MS = 1_000_000L;

    static MemorySample sample(long tMs, long free, long cache, int unusable, long failures, double psiFull) {
        return new MemorySample(
                tMs * MS,
                100_000,
                free,
                cache,
                1_000,
                1_250,
                10,
                unusable,
                failures,
                0,
                0,
                0,
                0,
                psiFull,
                0,
                0,
                0,
                -1,
                Double.POSITIVE_INFINITY,
                0,
                0);
    }

    @Test
    void earlyOomFiresAtTenPercentAvailable() {
        EarlyOomPredictor p = new EarlyOomPredictor();
        assertEquals(0.0, p.update(sample(0, 6_000, 4_001, 0, 0, 0)).confidence());
        Prediction fired = p.update(sample(100, 6_000, 4_000, 0, 0, 0));
        assertEquals(1.0, fired.confidence());
        assertEquals(CrashCause.LACK_OF_MEMORY, fired.cause());
    }

    static MemorySample withSwap(long tMs, long free, long cache, long swapTotal, long swapFree) {
        MemorySample s = sample(tMs, free, cache, 0, 0, 0);
        return new MemorySample(
                s.timeNs(),
                s.totalPages(),
                s.freePages(),
                s.cachePages(),
                s.minWatermark(),
                s.lowWatermark(),
                s.largestFreeOrder(),
                s.unusableIndex(),
                s.allocFailures(),
                s.stallNs(),
                s.reclaimedPages(),
                s.compactions(),
                s.psiSomeAvg10(),
                s.psiFullAvg10(),
                s.pinnedPageblocks(),
                s.pinnedHalfPageblocks(),
                s.pinnedQuarterPageblocks(),
                s.demandedOrder(),
                s.spareRegions(),
                swapTotal,
                swapFree);
    }

    @Test
    void withSwapEarlyOomNeedsBothMemoryAndSwapLowAndOomdActsOnSwapUse() {
        EarlyOomPredictor e = new EarlyOomPredictor();
        assertEquals(0.0, e.update(withSwap(0, 1_000, 0, 50_000, 5_001)).confidence(), "swap still 10.002% free");
        assertEquals(1.0, e.update(withSwap(100, 1_000, 0, 50_000, 5_000)).confidence());
        assertEquals(0.0, e.update(withSwap(200, 20_000, 0, 50_000, 0)).confidence(), "memory 20% available");
        OomdPredictor o = new OomdPredictor();
        assertEquals(0.0, o.update(withSwap(0, 1_000, 0, 50_000, 5_000)).confidence(), "90% used: not above");
        assertEquals(1.0, o.update(withSwap(100, 1_000, 0, 50_000, 4_999)).confidence(), "above 90%: at once");
        assertEquals(0.0, o.update(sample(200, 1_000, 0, 0, 0, 0)).confidence(), "no swap: no swap rule");
        assertEquals(101_000 + 5_000, withSwap(0, 1_000, 100_000, 50_000, 5_000).availablePages());
        assertEquals(150_000, withSwap(0, 1_000, 0, 50_000, 5_000).capacityPages());
    }

    @Test
    void oomdNeedsSustainedFullPressure() {
        OomdPredictor p = new OomdPredictor(60, 30_000 * MS);
        for (long t = 0; t <= 30_000; t += 100) {
            assertEquals(0.0, p.update(sample(t, 1_000, 0, 0, 0, 70)).confidence(), "at " + t);
        }
        assertEquals(1.0, p.update(sample(30_100, 1_000, 0, 0, 0, 70)).confidence());
        assertEquals(0.0, p.update(sample(30_200, 1_000, 0, 0, 0, 50)).confidence(), "a dip resets the clock");
    }

    @Test
    void proactiveFiresAboveScoreNinety() {
        ProactiveCompactionPredictor p = new ProactiveCompactionPredictor();
        assertEquals(0.0, p.update(sample(0, 50_000, 0, 900, 0, 0)).confidence());
        assertEquals(1.0, p.update(sample(100, 50_000, 0, 910, 0, 0)).confidence());
    }

    @Test
    void fourFactorCombinesEqually() {
        FourFactorPredictor p = new FourFactorPredictor();
        Prediction q = p.update(sample(0, 50_000, 0, 500, 0, 0));
        assertEquals((0.5 + 0.5) / 4, q.confidence(), 1e-9);
    }

    @Test
    void windowSlopeIsExactForALine() {
        SampleWindow w = new SampleWindow(100, Kernels.get());
        for (int i = 0; i < 150; i++) {
            w.add(sample(i * 100L, 80_000 - 250L * i, 0, 0, 0, 0)); // -2500 pages per second
        }
        assertEquals(100, w.size());
        assertEquals(-2500, w.slope(SampleWindow.Column.FREE, 100), 0.5);
        assertEquals(-2500, w.slope(SampleWindow.Column.FREE, 10), 0.5);
        assertEquals(2500, w.slope(SampleWindow.Column.UNRECOVERABLE, 50), 0.5);
        assertTrue(Math.abs(w.slope(SampleWindow.Column.UNUSABLE_INDEX, 100)) < 1e-6);
    }

    @Test
    void windowSlopeIsTheSameWithScalarMath() {
        SampleWindow v = new SampleWindow(100, Kernels.get()), s = new SampleWindow(100, Kernels.scalar());
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < 137; i++) {
            MemorySample m = sample(i * 100L, r.nextLong(1_000, 90_000), 0, r.nextInt(1000), 0, 0);
            v.add(m);
            s.add(m);
        }
        for (int n : new int[] {3, 17, 64, 100}) {
            assertEquals(
                    Double.doubleToLongBits(s.slope(SampleWindow.Column.FREE, n)),
                    Double.doubleToLongBits(v.slope(SampleWindow.Column.FREE, n)));
        }
    }
}
