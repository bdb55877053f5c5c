package kos.insights.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import kos.ml.data.Dataset;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private static Dataset nonlinear(long seed) {
        Dataset d = new Dataset("t", List.of("a", "b"), List.of("y"));
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 2000; i++) {
            double a = r.nextDouble() * 4 - 2, b = r.nextDouble() * 4 - 2;
            d.add("g" + (i % 5), new double[] {a, b}, new double[] {Math.sin(a) + 0.5 * b * b});
        }
        return d;
    }

    @Test
    void learnsANonlinearFunctionDeterministicallyWithEarlyStopping() {
        Dataset d = nonlinear(3);
        TrainConfig cfg = new TrainConfig(200, 32, 0.01, 16, 5, 0.2, 7);
        Trainer.Accuracy within = (x, p, y) -> Math.abs(p[0] - y[0]) <= 0.1 ? 1 : 0;
        List<EpochLog> seen = new ArrayList<>();
        Trainer.Result r = Trainer.train(d, cfg, Mlp.Loss.MSE, within, seen::add, () -> false);
        Trainer.Result again = Trainer.train(d, cfg, Mlp.Loss.MSE, within, e -> {}, () -> false);
        assertEquals(seen.size(), r.epochs().size());
        assertArrayEquals(r.model().weights().w1(), again.model().weights().w1());
        assertTrue(r.best().valLoss() < 0.01, "val loss " + r.best().valLoss());
        assertTrue(r.best().valAccuracy() > 0.8, "val accuracy " + r.best().valAccuracy());
        assertEquals(400, r.valRows());
        double[] out = new double[1];
        r.model().predict(new double[] {1, 1}, out);
        assertEquals(Math.sin(1) + 0.5, out[0], 0.1);
        // a linear model cannot fit it: the hidden layer matters
        Trainer.Result lin = Trainer.train(
                d, new TrainConfig(200, 32, 0.01, 0, 5, 0.2, 7), Mlp.Loss.MSE, within, e -> {}, () -> false);
        assertTrue(lin.best().valLoss() > 5 * r.best().valLoss());
    }

    @Test
    void pairedConfidenceIntervalUsesStudentT() {
        assertEquals(12.706, Pipeline.tQuantile975(1));
        assertEquals(2.776, Pipeline.tQuantile975(4));
        assertEquals(1.96, Pipeline.tQuantile975(1000));
    }
}
