package kos.lora.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import kos.lora.layer.LoraConfig;
import kos.lora.layer.LoraLinear;
import kos.nn.Linear;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;

class FineTunerTest {
    static final int IN = 12, OUT = 5;

    /** A base layer and a dataset whose targets come from the base plus a rank-2 change. */
    static LoraLinear model(long seed) {
        LoraLinear l = new LoraLinear(Linear.kaimingUniform("fc", IN, OUT, false, new SplittableRandom(1)), seed);
        l.addAdapter("default", new LoraConfig(2, 2, 0f, false, List.of("fc")), new SplittableRandom(seed));
        return l;
    }

    static Dataset shiftedTask(int n, boolean classes) {
        Linear base = Linear.kaimingUniform("fc", IN, OUT, false, new SplittableRandom(1));
        SplittableRandom r = new SplittableRandom(99);
        float[] u = new float[OUT * 2], v = new float[2 * IN];
        Linear.uniform(u, 1, r);
        Linear.uniform(v, 1, r);
        float[] w = base.weight().clone();
        for (int o = 0; o < OUT; o++) {
            for (int i = 0; i < IN; i++) {
                w[o * IN + i] += u[o * 2] * v[i] + u[o * 2 + 1] * v[IN + i];
            }
        }
        Linear shifted = new Linear("fc", IN, OUT, w, null);
        Dataset.Builder b = new Dataset.Builder();
        for (int k = 0; k < n; k++) {
            float[] x = new float[IN], y = new float[OUT];
            Linear.uniform(x, 1, r);
            shifted.forward(x, 0, y, 0);
            if (classes) {
                b.add(x, Loss.argmax(y));
            } else {
                b.add(x, y);
            }
        }
        return b.build();
    }

    static TrainingConfig adam(Loss loss) {
        return new TrainingConfig(60, 8, 0.02f, OptimizerKind.ADAM, loss, 0.2, 0, 0, 42);
    }

    @Test
    void adamFitsALowRankShiftAndOnlyTheAdapterChanges() {
        LoraLinear m = model(3);
        float[] w0 = m.base().weight().clone();
        FineTuner t = new FineTuner(m, adam(Loss.MSE));
        assertEquals(TrainingState.IDLE, t.state());
        List<String> lines = new ArrayList<>();
        TrainingResult r = t.train(shiftedTask(100, false), e -> lines.add(e.line()), null);
        assertEquals(TrainingState.COMPLETED, r.state());
        assertEquals(TrainingState.COMPLETED, t.state());
        assertEquals(60, lines.size());
        assertTrue(lines.get(0).startsWith("epoch 1/60  train loss "), lines.get(0));
        assertEquals(80, r.trainExamples());
        assertEquals(20, r.validationExamples());
        assertEquals(2L * (IN + OUT), r.parameters());
        assertTrue(r.after().loss() < 0.05 * r.before().loss(), r.before() + " -> " + r.after());
        assertTrue(r.after().accuracy() > r.before().accuracy() + 0.2, r.before() + " -> " + r.after());
        assertArrayEquals(w0, m.base().weight(), "the base is frozen");
    }

    @Test
    void sameSeedSameBits() {
        LoraLinear a = model(3), b = model(3);
        TrainingResult ra = new FineTuner(a, adam(Loss.MSE).withEpochs(5)).train(shiftedTask(50, false), null, null);
        TrainingResult rb = new FineTuner(b, adam(Loss.MSE).withEpochs(5)).train(shiftedTask(50, false), null, null);
        assertEquals(ra.history(), rb.history());
        assertArrayEquals(a.adapter("default").loraA(), b.adapter("default").loraA());
        assertArrayEquals(a.adapter("default").loraB(), b.adapter("default").loraB());
    }

    @Test
    void sgdAtTheDefaultRateLowersTheLoss() {
        TrainingConfig c = TrainingConfig.defaults().withEpochs(30);
        assertEquals(0.001f, c.learningRate());
        assertEquals(OptimizerKind.SGD, c.optimizer());
        TrainingResult r = new FineTuner(model(3), c).train(shiftedTask(100, false), null, null);
        assertTrue(r.after().loss() < r.before().loss(), r.before() + " -> " + r.after());
    }

    @Test
    void crossEntropyRaisesAccuracy() {
        TrainingResult r = new FineTuner(model(3), adam(Loss.CROSS_ENTROPY)).train(shiftedTask(200, true), null, null);
        assertEquals(TrainingState.COMPLETED, r.state());
        assertTrue(r.after().accuracy() >= r.before().accuracy() + 0.2, r.before() + " -> " + r.after());
        assertTrue(r.after().loss() < r.before().loss());
    }

    @Test
    void crossEntropyRejectsBadClasses() {
        Dataset d = new Dataset.Builder()
                .add(new float[IN], 7)
                .add(new float[IN], 1)
                .build();
        FineTuner t = new FineTuner(model(1), adam(Loss.CROSS_ENTROPY));
        assertTrue(assertThrows(KosException.class, () -> t.train(d, null, null))
                .getMessage()
                .contains("class 7.0 is not an integer in [0, 5)"));
        assertEquals(TrainingState.FAILED, t.state());
    }

    @Test
    void cancelStopsBeforeTheNextBatch() {
        AtomicInteger epochs = new AtomicInteger();
        FineTuner t = new FineTuner(model(3), adam(Loss.MSE));
        TrainingResult r = t.train(shiftedTask(100, false), e -> epochs.incrementAndGet(), () -> epochs.get() >= 2);
        assertEquals(TrainingState.CANCELLED, r.state());
        assertEquals(TrainingState.CANCELLED, t.state());
        assertEquals(2, r.epochsRun());
        assertTrue(r.message().contains("cancelled during epoch 3"), r.message());
    }

    @Test
    void earlyStoppingKeepsTheBestEpoch() {
        // targets are noise: nothing generalises, so validation stops improving quickly
        SplittableRandom rnd = new SplittableRandom(5);
        Dataset.Builder b = new Dataset.Builder();
        for (int i = 0; i < 60; i++) {
            float[] x = new float[IN], y = new float[OUT];
            Linear.uniform(x, 1, rnd);
            Linear.uniform(y, 3, rnd);
            b.add(x, y);
        }
        LoraLinear m = model(3);
        TrainingConfig c = new TrainingConfig(200, 4, 0.05f, OptimizerKind.ADAM, Loss.MSE, 0.3, 3, 0, 1);
        TrainingResult r = new FineTuner(m, c).train(b.build(), null, null);
        assertTrue(r.stoppedEarly());
        assertTrue(r.epochsRun() < 200);
        assertEquals(r.bestEpoch() + 3, r.epochsRun());
        double bestVal = r.bestEpoch() == 0
                ? r.before().loss()
                : r.history().get(r.bestEpoch() - 1).validation().loss();
        assertEquals(bestVal, r.after().loss(), 1e-9, "the best epoch's parameters are restored");
    }

    @Test
    void divergenceFails() {
        TrainingConfig c = new TrainingConfig(50, 1, 1e30f, OptimizerKind.SGD, Loss.MSE, 0.2, 0, 0, 1);
        LoraLinear m = model(3);
        float[] a0 = m.adapter("default").loraA();
        TrainingResult r = new FineTuner(m, c).train(shiftedTask(20, false), null, null);
        assertEquals(TrainingState.FAILED, r.state());
        assertTrue(r.message().contains("lower learning rate"), r.message());
        assertArrayEquals(a0, m.adapter("default").loraA(), "no improving epoch: the initial adapter is kept");
        assertFalse(r.stoppedEarly());
    }

    @Test
    void wrongInputSizeIsRefused() {
        Dataset d = new Dataset.Builder().add(new float[3], 1).build();
        assertThrows(KosException.class, () -> new FineTuner(model(1), adam(Loss.MSE)).train(d, null, null));
        assertThrows(KosException.class, () -> new TrainingConfig(0, 1, 1, OptimizerKind.SGD, Loss.MSE, 0, 0, 0, 1));
    }
}
