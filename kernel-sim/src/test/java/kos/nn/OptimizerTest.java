package kos.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerTest {
    @Test
    void sgdStepsAgainstTheGradient() {
        Parameter p = new Parameter("p", new float[] {1, 2}, new float[] {10, -20});
        new Sgd(List.of(p), 0.1f).step();
        assertArrayEquals(new float[] {0f, 4f}, p.value(), 1e-6f);
    }

    /** Hand-computed Adam: first step moves each element by lr * g / (|g| + eps); second by the corrected moments. */
    @Test
    void adamMatchesTheFormula() {
        Parameter p = new Parameter("p", new float[] {1, -1, 0}, new float[] {0.5f, -2f, 0f});
        Adam a = new Adam(List.of(p), 0.01f);
        a.step();
        assertEquals(1 - 0.01, p.value()[0], 1e-6);
        assertEquals(-1 + 0.01, p.value()[1], 1e-6);
        assertEquals(0, p.value()[2], 0);
        p.grad()[0] = 1f;
        a.step();
        double m = 0.9 * 0.05 + 0.1 * 1, v = 0.999 * 0.00025 + 0.001 * 1;
        double mHat = m / (1 - 0.81), vHat = v / (1 - 0.999 * 0.999);
        assertEquals(0.99 - 0.01 * mHat / (Math.sqrt(vHat) + 1e-8), p.value()[0], 1e-6);
    }

    @Test
    void adamMinimisesAQuadraticDeterministically() {
        float[] a = run(), b = run();
        assertArrayEquals(a, b);
        assertEquals(3f, a[0], 1e-2f);
        assertEquals(-2f, a[1], 1e-2f);
    }

    private static float[] run() {
        Parameter p = new Parameter("p", new float[2], new float[2]);
        Adam adam = new Adam(List.of(p), 0.05f);
        for (int i = 0; i < 2000; i++) {
            adam.zeroGrad();
            p.grad()[0] = 2 * (p.value()[0] - 3);
            p.grad()[1] = 2 * (p.value()[1] + 2);
            adam.step();
        }
        return p.value();
    }

    @Test
    void rejectsBadLearningRates() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(), Float.NaN));
    }
}
