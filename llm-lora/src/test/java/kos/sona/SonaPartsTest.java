package kos.sona;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import kos.nn.Linear;
import kos.sim.KosException;
import kos.simd.FloatKernels;
import kos.simd.Kernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SonaPartsTest {
    static float[] rand(SplittableRandom r, int n, double s) {
        float[] a = new float[n];
        Linear.uniform(a, s, r);
        return a;
    }

    @Test
    void trajectoryBufferDropsAndCountsWhenFull() {
        TrajectoryBuffer b = new TrajectoryBuffer(3, 2, 4, 2);
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, e = {0.5f, 0.25f};
        for (int i = 0; i < 5; i++) {
            boolean ok = b.record(i, x, 0, i + 1, i, 2 * i, -i, e, 0);
            assertEquals(i < 3, ok);
        }
        assertEquals(3, b.size());
        assertEquals(3, b.recorded());
        assertEquals(2, b.dropped());
        assertEquals(3, b.rows(2));
        float[] out = new float[8];
        b.copyRows(2, out);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 0, 0}, out);
        assertEquals(4f, b.target(2));
        assertEquals(-2f, b.reward(2));
        b.clear();
        assertTrue(b.record(9, x, 0, 9, 0, 0, 0, e, 0)); // clipped to 4 rows
        assertEquals(4, b.rows(0));
        assertThrows(IndexOutOfBoundsException.class, () -> b.target(1));
    }

    @Test
    void reinforceGradientSumsToZeroAndFavoursAGoodChoice() {
        Reinforce rf = new Reinforce(0.5f, 0.1f);
        assertEquals(0f, rf.advantage(-1f)); // first reward is its own baseline
        float adv = rf.advantage(1f);
        assertEquals(2f, adv, 1e-6);
        float[] p = {1f, 0.5f, 2f}, dp = new float[3], probs = new float[3];
        rf.addGradient(p, 3, adv, 1f, dp, probs);
        assertEquals(0f, dp[0] + dp[1] + dp[2], 1e-6);
        assertTrue(dp[0] > 0, "descending the loss lowers the chosen row's score, so it is picked more");
        assertTrue(dp[1] < 0 && dp[2] < 0);
        float[] dn = new float[3];
        rf.addGradient(p, 3, -adv, 1f, dn, probs);
        assertEquals(-dp[0], dn[0], 1e-6);
    }

    @Test
    void lowRankAdapterStartsNeutralMatchesFiniteDifferencesAndMerges() {
        FloatKernels k = Kernels.get();
        SplittableRandom r = new SplittableRandom(3);
        int in = 19, out = 7;
        Linear base = Linear.kaimingUniform(k, "fc", in, out, true, r);
        LowRankAdapter micro = LowRankAdapter.micro(k, "fc.micro", in, out, 2, r);
        LowRankAdapter bl = LowRankAdapter.base(k, "fc.base", in, out, 8, 8f, r);
        SonaLinear s = new SonaLinear(base, micro, bl);
        float[] x = rand(r, in, 1), y0 = new float[out], y1 = new float[out];
        base.forward(x, 0, y0, 0);
        s.forward(x, 0, y1, 0);
        assertArrayEquals(y0, y1, "B = 0: the adapters change nothing");
        System.arraycopy(rand(r, bl.bt().length, 0.3), 0, bl.bt(), 0, bl.bt().length);
        System.arraycopy(rand(r, micro.bt().length, 0.3), 0, micro.bt(), 0, micro.bt().length);
        // loss = sum(c . y): check dA of the base adapter and dx against central differences
        float[] c = rand(r, out, 1), dx = new float[in];
        s.learning(SonaLinear.Learning.BASE);
        s.backward(x, 0, c, 0, dx, 0);
        float[] gA = bl.parameters().get(0).grad().clone();
        for (int i = 0; i < gA.length; i += 5) {
            float[] a = bl.a();
            float keep = a[i];
            a[i] = keep + 1e-2f;
            double up = loss(s, x, c);
            a[i] = keep - 1e-2f;
            double down = loss(s, x, c);
            a[i] = keep;
            assertEquals((up - down) / 2e-2, gA[i], 2e-3 * (1 + Math.abs(gA[i])), "dA[" + i + "]");
        }
        for (int i = 0; i < in; i++) {
            float keep = x[i];
            x[i] = keep + 1e-2f;
            double up = loss(s, x, c);
            x[i] = keep - 1e-2f;
            double down = loss(s, x, c);
            x[i] = keep;
            assertEquals((up - down) / 2e-2, dx[i], 2e-3 * (1 + Math.abs(dx[i])), "dx[" + i + "]");
        }
        s.forward(x, 0, y0, 0);
        s.mergeBase();
        assertEquals(0.0, bl.normB());
        s.forward(x, 0, y1, 0);
        assertArrayEquals(y0, y1, 1e-5f, "merging leaves the output as it was");
        assertThrows(KosException.class, () -> LowRankAdapter.micro(k, "m", 4, 4, 3, r));
        assertThrows(KosException.class, () -> LowRankAdapter.micro(k, "m", 4, 4, 0, r));
        bl.bt()[0] = Float.NaN;
        float before = base.weight()[0];
        assertThrows(KosException.class, s::mergeBase);
        assertEquals(before, base.weight()[0]);
    }

    private static double loss(SonaLinear s, float[] x, float[] c) {
        float[] y = new float[c.length];
        s.forward(x, 0, y, 0);
        double l = 0;
        for (int i = 0; i < c.length; i++) {
            l += (double) c[i] * y[i];
        }
        return l;
    }

    @Test
    void microAccumulatesAndAppliesTheMeanEveryK() {
        FloatKernels k = Kernels.get();
        SplittableRandom r = new SplittableRandom(5);
        LowRankAdapter m = LowRankAdapter.micro(k, "m", 8, 8, 1, r);
        float[] x = rand(r, 8, 1), dy = rand(r, 8, 1);
        m.backward(x, 0, dy, 0, null, 0, true);
        m.countStep();
        float[] g1 = m.parameters().get(1).grad().clone();
        m.backward(x, 0, dy, 0, null, 0, true);
        m.countStep();
        assertEquals(2, m.pending());
        float[] b0 = m.bt().clone();
        assertTrue(m.apply(0.1f));
        for (int i = 0; i < b0.length; i++) {
            assertEquals(b0[i] - 0.1f * g1[i], m.bt()[i], 1e-6);
        }
        assertFalse(m.apply(0.1f));
    }

    @Test
    void ewcProximalStepIsSgdWithoutLambdaAndHoldsImportantWeights() {
        EwcPlusPlus off = new EwcPlusPlus(2, 0, 0.999f, 10);
        float[] t = {1, 1}, g = {1, -1};
        off.proximalStep(t, g, 0.1f);
        assertArrayEquals(new float[] {0.9f, 1.1f}, t, 1e-6f);
        EwcPlusPlus ewc = new EwcPlusPlus(2, 2000, 0.5f, 2);
        ewc.observe(new float[] {1f, 0f}, 0); // only weight 0 mattered
        ewc.rememberTask(new float[] {0, 0});
        float[] th = {0, 0};
        for (int i = 0; i < 100; i++) {
            ewc.proximalStep(th, new float[] {-1, -1}, 0.01f);
        }
        assertTrue(th[0] < 0.01, "the important weight stays at its anchor: " + th[0]);
        assertEquals(1.0, th[1], 1e-4, "the unimportant one learns freely");
        assertTrue(ewc.penalty(th) >= 0);
        ewc.rememberTask(th);
        ewc.rememberTask(th);
        assertEquals(2, ewc.tasks());
        assertEquals(3, ewc.remembered());
        assertThrows(KosException.class, () -> ewc.lambda(50));
        assertThrows(KosException.class, () -> ewc.lambda(20000));
        assertEquals(2000f, ewc.lambda());
    }

    /** A step of a workload whose job length depends on a two-valued priority (long at high priority if flipped). */
    private static float step(SplittableRandom r, float[] v, boolean flipped, boolean classChange) {
        boolean high = r.nextBoolean();
        v[0] = high ? 0.77f : 0.26f;
        v[1] = classChange ? 0f : 1f;
        boolean longJob = high == flipped;
        return (float) ((longJob ? 6.9 : 3.9) + 1.28 * r.nextGaussian());
    }

    @Test
    void boundaryDetectorFiresOnAConceptOrCovariateShiftNotOnNoise() {
        for (int kind = 0; kind < 2; kind++) {
            TaskBoundaryDetector d = new TaskBoundaryDetector(2, 64, 2.0, 0.05, 256, 64, 3.0);
            SplittableRandom r = new SplittableRandom(1 + kind);
            float[] v = new float[2];
            for (int i = 0; i < 3000; i++) {
                float y = step(r, v, false, false);
                assertFalse(d.observe(i, v, 0, y), "stationary step " + i);
            }
            int at = -1;
            for (int i = 0; i < 300 && at < 0; i++) {
                // kind 0: the same features, the long half swapped (concept shift); kind 1: the class mix changed
                float y = step(r, v, kind == 0, kind == 1);
                if (d.observe(3000 + i, v, 0, y)) {
                    at = i;
                }
            }
            assertTrue(at >= 0 && at < 64, "kind " + kind + ": detected within one window: " + at);
            assertEquals(1, d.boundaries());
            assertTrue(
                    d.windowStartNs() >= 3000 - 64 && d.windowStartNs() <= 3000 + at,
                    "window start " + d.windowStartNs());
        }
        assertThrows(IllegalArgumentException.class, () -> new TaskBoundaryDetector(2, 64, 2.0, 0.05, 100, 0, 3.0));
    }

    @Test
    void kmeansPlusPlusSeparatesClusters() {
        SplittableRandom r = new SplittableRandom(9);
        int n = 300, dim = 3;
        float[] x = new float[n * dim];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            for (int d = 0; d < dim; d++) {
                x[i * dim + d] = (d == c ? 10f : 0f) + (float) r.nextGaussian() * 0.1f;
            }
        }
        KMeansPlusPlus.Result res = KMeansPlusPlus.cluster(Kernels.get(), x, 0, n, dim, 3, 50, new SplittableRandom(1));
        assertArrayEquals(new int[] {100, 100, 100}, res.sizes());
        for (int i = 3; i < n; i++) {
            assertEquals(res.assignment()[i % 3], res.assignment()[i]);
        }
        KMeansPlusPlus.Result again =
                KMeansPlusPlus.cluster(Kernels.get(), x, 0, n, dim, 3, 50, new SplittableRandom(1));
        assertArrayEquals(res.centroids(), again.centroids());
    }

    @Test
    void exactSearchAgreesWithScalarAndBruteForceOnOddSizes() {
        FloatKernels vec = Kernels.panamaOrNull() != null ? Kernels.panamaOrNull() : Kernels.scalar();
        SplittableRandom r = new SplittableRandom(4);
        for (int dim : new int[] {1, 7, 16, 33, 64, 65}) {
            for (int n : new int[] {1, 3, 5, 17, 130}) {
                PatternIndex a = new PatternIndex(vec, dim, n), s = new PatternIndex(Kernels.scalar(), dim, n);
                float[] data = rand(r, n * dim, 1);
                for (int i = 0; i < n; i++) {
                    a.add(data, i * dim);
                    s.add(data, i * dim);
                }
                for (int q = 0; q < 10; q++) {
                    float[] query = rand(r, dim, 1);
                    int got = a.nearest(query, 0);
                    assertEquals(s.nearest(query, 0), got);
                    assertEquals(a.nearestScalar(query, 0), got);
                    double best = Double.POSITIVE_INFINITY;
                    for (int i = 0; i < n; i++) {
                        best = Math.min(best, KMeansPlusPlus.dist2(vec, data, i * dim, query, 0, dim));
                    }
                    assertEquals(best, KMeansPlusPlus.dist2(vec, data, got * dim, query, 0, dim), 1e-4);
                }
            }
        }
    }

    @Test
    void reasoningBankExtractsMergesPersistsAndRefusesOtherFiles(@TempDir Path dir) throws Exception {
        ReasoningBank bank = new ReasoningBank(Kernels.get(), 2, 2, 10, 0.5, 4);
        TrajectoryBuffer buf = new TrajectoryBuffer(100, 1, 1, 2);
        float[] e = new float[2], x = {1};
        for (int i = 0; i < 40; i++) {
            e[0] = i % 2 == 0 ? 0f : 5f;
            e[1] = 0.01f * (i % 3);
            buf.record(i, x, 0, 1, 0, i % 2, i % 2 == 0 ? 1f : -1f, e, 0);
        }
        assertEquals(2, bank.extract(buf, 100, new SplittableRandom(2)));
        assertEquals(
                0,
                bank.extract(buf, 200, new SplittableRandom(3)),
                "the same clusters merge into the existing patterns");
        assertEquals(2, bank.size());
        Pattern p = bank.nearest(new float[] {4.9f, 0}, 0, 300);
        assertEquals(40, p.size());
        assertEquals(-1.0, p.quality(), 1e-9);
        assertEquals(1, p.accessCount());
        assertEquals(4, p.exemplars());
        Path f = dir.resolve("p.safetensors");
        bank.save(f);
        ReasoningBank other = new ReasoningBank(Kernels.get(), 2, 2, 10, 0.5, 4);
        other.load(f);
        assertEquals(2, other.size());
        assertEquals(40, other.patterns().get(1).size());
        Path junk = dir.resolve("junk");
        Files.writeString(junk, "not a pattern file at all");
        KosException ex = assertThrows(KosException.class, () -> other.load(junk));
        assertFalse(ex.getMessage().contains("\n"));
        ReasoningBank wrongDim = new ReasoningBank(Kernels.get(), 3, 2, 10, 0.5, 4);
        assertThrows(KosException.class, () -> wrongDim.load(f));
        assertEquals(0, wrongDim.size());
        int[] pm = other.consolidate(0.01, 1.0);
        assertEquals(2, pm[0], "decayed under the floor: pruned");
    }
}
