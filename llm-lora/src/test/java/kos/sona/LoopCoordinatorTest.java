package kos.sona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import kos.nn.Linear;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.simd.FloatKernels;
import kos.simd.Kernels;
import org.junit.jupiter.api.Test;

class LoopCoordinatorTest {
    static final int W = 6;

    /** A stream of decisions whose target depends on the features through a task-specific rule. */
    static double run(
            LoopCoordinator lc, ToyModel m, int task, int decisions, long startNs, SplittableRandom r, boolean learn) {
        float[] x = new float[4 * W], emb = new float[W];
        double err = 0;
        for (int d = 0; d < decisions; d++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble();
            }
            x[W - 1] = task; // a workload marker the boundary detector can see
            float y = task == 0 ? 2 * x[0] : -2 * x[1] + 1;
            System.arraycopy(x, 0, emb, 0, W);
            System.arraycopy(x, 0, m.input(4), 0, x.length);
            float p = m.forward(4)[0];
            err += Math.abs(p - y);
            long now = startNs + d * 10 * Quantities.NS_PER_MS;
            if (learn) {
                lc.onDecision(now, x, 4, y, -Math.abs(p - y), emb);
            }
        }
        return err / decisions;
    }

    /**
     * Tasks whose targets conflict on the same model inputs ({@code 2 x0} against {@code 2 - 2 x0}); only the
     * embedding (a marker) tells them apart. Learns; returns the mean error before each step's update.
     */
    static double conflicting(
            LoopCoordinator lc, ToyModel m, int task, int decisions, long startNs, SplittableRandom r) {
        return conflicting(lc, m, task, decisions, startNs, r, true);
    }

    /** As above; without {@code marker} the embeddings of the two tasks have the same distribution. */
    static double conflicting(
            LoopCoordinator lc, ToyModel m, int task, int decisions, long startNs, SplittableRandom r, boolean marker) {
        float[] x = new float[4 * W], emb = new float[W];
        double err = 0;
        for (int d = 0; d < decisions; d++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble();
            }
            float y = task == 0 ? 2 * x[0] : 2 - 2 * x[0];
            System.arraycopy(x, 0, emb, 0, W);
            emb[W - 1] = marker ? task : 0;
            System.arraycopy(x, 0, m.input(4), 0, x.length);
            float p = m.forward(4)[0];
            err += Math.abs(p - y);
            lc.onDecision(startNs + d * 10 * Quantities.NS_PER_MS, x, 4, y, -Math.abs(p - y), emb);
        }
        return err / decisions;
    }

    static SonaConfig config(float lambda) {
        return SonaConfig.defaults(List.of("hidden", "score"), 11).withLambda(lambda);
    }

    @Test
    void learnsAndIsDeterministic() {
        FloatKernels k = Kernels.get();
        double[] errs = new double[2];
        LoopCoordinator.Status[] st = new LoopCoordinator.Status[2];
        for (int rep = 0; rep < 2; rep++) {
            ToyModel m = new ToyModel(k, W, 1);
            LoopCoordinator lc = new LoopCoordinator(k, m, config(2000), 4, W);
            assertInstanceOf(SonaLinear.class, m.layers().get("score"));
            double before = run(lc, m, 0, 200, 0, new SplittableRandom(7), false);
            run(lc, m, 0, 3000, 0, new SplittableRandom(8), true);
            errs[rep] = run(lc, m, 0, 200, 0, new SplittableRandom(7), false);
            assertTrue(errs[rep] < 0.7 * before, "learning cut the error: " + before + " -> " + errs[rep]);
            st[rep] = lc.status();
            assertTrue(
                    st[rep].loopBRuns() >= 5 && st[rep].baseSteps() > 0 && st[rep].patterns() > 0, st[rep].toString());
        }
        assertEquals(errs[0], errs[1], "same seed, same bits");
        assertEquals(st[0].microNormB(), st[1].microNormB());
    }

    @Test
    void vectorAndScalarKernelsLearnTheSameBits() {
        FloatKernels vec = Kernels.panamaOrNull();
        if (vec == null) {
            return; // no Vector API in this JVM: nothing to compare
        }
        float[][] out = new float[2][];
        FloatKernels[] ks = {vec, Kernels.scalar()};
        for (int i = 0; i < 2; i++) {
            ToyModel m = new ToyModel(ks[i], W, 1);
            LoopCoordinator lc = new LoopCoordinator(ks[i], m, config(2000), 4, W);
            SplittableRandom r = new SplittableRandom(5);
            run(lc, m, 0, 700, 0, r, true);
            run(lc, m, 1, 700, 7 * Quantities.NS_PER_S, r, true);
            lc.loopC(20 * Quantities.NS_PER_S);
            float[] x = new float[4 * W];
            java.util.Arrays.fill(x, 0.3f);
            System.arraycopy(x, 0, m.input(4), 0, x.length);
            out[i] = m.forward(4).clone();
            assertTrue(lc.status().boundaries() >= 1 && lc.status().dreams() > 0);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(out[0], out[1], "bit for bit");
    }

    @Test
    void boundaryIsDetectedAndRemembered() {
        FloatKernels k = Kernels.get();
        ToyModel m = new ToyModel(k, W, 1);
        LoopCoordinator lc = new LoopCoordinator(k, m, config(2000), 4, W);
        SplittableRandom r = new SplittableRandom(3);
        run(lc, m, 0, 1500, 0, r, true);
        assertEquals(0, lc.status().boundaries());
        run(lc, m, 1, 1500, 15 * Quantities.NS_PER_S, r, true);
        assertEquals(1, lc.status().boundaries());
        assertEquals(1, lc.status().ewcTasks());
        assertTrue(lc.status().dreams() > 0, "a boundary runs Loop C with dreams");
    }

    @Test
    void aReturningTaskIsRecalledAndForgetsLessThanWithoutRecall() {
        FloatKernels k = Kernels.get();
        double[] back = new double[2];
        for (int on = 0; on < 2; on++) {
            boolean recall = on == 1;
            ToyModel m = new ToyModel(k, W, 1);
            SonaConfig c = config(2000).with(b -> {
                b.recall = recall;
                b.microLr = 0.1f; // fast enough to learn each task, and so to forget the other
                b.applyEvery = 2;
                b.gradClip = 1f;
                b.microDecay = 0.8f;
                b.baseLr = 0.1f;
            });
            LoopCoordinator lc = new LoopCoordinator(k, m, c, 4, W);
            SplittableRandom r = new SplittableRandom(3);
            conflicting(lc, m, 0, 3000, 0, r);
            conflicting(lc, m, 1, 3000, 30 * Quantities.NS_PER_S, r);
            assertEquals(0, lc.status().recalls(), "nothing to recall while the new task is learned");
            back[on] = conflicting(lc, m, 0, 200, 60 * Quantities.NS_PER_S, r);
            if (recall) {
                assertTrue(lc.status().recalls() >= 1, lc.status().toString());
                assertTrue(lc.status().rememberedTasks() >= 1);
            } else {
                assertEquals(0, lc.status().recalls());
            }
        }
        assertTrue(back[1] < 0.6 * back[0], "error on returning to task 0: recall " + back[1] + ", none " + back[0]);
    }

    @Test
    void aChangeTheEmbeddingsDoNotShowIsFoundFromTheErrorAndRecalled() {
        FloatKernels k = Kernels.get();
        ToyModel m = new ToyModel(k, W, 1);
        SonaConfig c = config(2000).with(b -> {
            b.microLr = 0.1f;
            b.applyEvery = 2;
            b.gradClip = 1f;
            b.microDecay = 0.8f;
            b.baseLr = 0.1f;
        });
        LoopCoordinator lc = new LoopCoordinator(k, m, c, 4, W);
        SplittableRandom r = new SplittableRandom(3);
        conflicting(lc, m, 0, 3000, 0, r, false);
        conflicting(lc, m, 1, 3000, 30 * Quantities.NS_PER_S, r, false);
        long atB = lc.status().boundaries();
        assertTrue(atB >= 1, "the error jump at the change to task 1 is a boundary");
        conflicting(lc, m, 0, 600, 60 * Quantities.NS_PER_S, r, false);
        assertTrue(lc.status().recalls() >= 1, lc.status().toString());
    }

    @Test
    void detachRestoresThePlainLayersAndBadSettingsAreRefused() {
        FloatKernels k = Kernels.get();
        ToyModel m = new ToyModel(k, W, 1);
        LoopCoordinator lc = new LoopCoordinator(k, m, config(0), 4, W);
        lc.detach();
        assertInstanceOf(Linear.class, m.layers().get("score"));
        lc.attach();
        assertThrows(KosException.class, () -> new LoopCoordinator(k, m, config(0), 4, W), "already wrapped");
        assertThrows(KosException.class, () -> config(99));
        assertThrows(KosException.class, () -> config(0).withMicroRank(3));
        assertThrows(KosException.class, () -> lc.lambda(16000));
        assertThrows(KosException.class, () -> config(0).with(b -> b.recallGain = 1));
    }
}
