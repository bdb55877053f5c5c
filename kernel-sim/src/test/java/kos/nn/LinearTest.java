package kos.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;

class LinearTest {
    @Test
    void forwardIsWxPlusB() {
        // W = [[1, 2, 3], [4, 5, 6]], b = [0.5, -1]
        Linear l = new Linear("fc", 3, 2, new float[] {1, 2, 3, 4, 5, 6}, new float[] {0.5f, -1f});
        float[] y = new float[3];
        l.forward(new float[] {9, 1, -1, 2}, 1, y, 1);
        assertArrayEquals(new float[] {0, 1 - 2 + 6 + 0.5f, 4 - 5 + 12 - 1}, y);
    }

    /** Loss L = sum(c .* y) so dL/dy = c; compare analytic gradients with central differences. */
    @Test
    void backwardMatchesFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(3);
        int in = 19, out = 7;
        Linear l = Linear.kaimingUniform("fc", in, out, true, r);
        float[] x = new float[in], c = new float[out], dx = new float[in];
        Linear.uniform(x, 1, r);
        Linear.uniform(c, 1, r);
        float[] y = new float[out];
        l.forward(x, 0, y, 0);
        l.backward(x, 0, c, 0, dx, 0);
        List<Parameter> ps = l.parameters();
        assertEquals(2, ps.size());
        for (Parameter p : ps) {
            for (int i = 0; i < p.size(); i += 3) {
                double num = numeric(() -> loss(l, x, c), p.value(), i);
                assertEquals(num, p.grad()[i], 2e-3, p.name() + "[" + i + "]");
            }
        }
        for (int i = 0; i < in; i++) {
            double num = numeric(() -> loss(l, x, c), x, i);
            assertEquals(num, dx[i], 2e-3, "dx[" + i + "]");
        }
    }

    static double loss(LinearLayer l, float[] x, float[] c) {
        float[] y = new float[l.outFeatures()];
        l.forward(x, 0, y, 0);
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (double) c[i] * y[i];
        }
        return s;
    }

    static double numeric(java.util.function.DoubleSupplier f, float[] a, int i) {
        float old = a[i];
        float h = 1e-2f;
        a[i] = old + h;
        double up = f.getAsDouble();
        a[i] = old - h;
        double down = f.getAsDouble();
        a[i] = old;
        return (up - down) / (2.0 * h);
    }

    @Test
    void frozenLayerHasNoParametersButStillGivesDx() {
        Linear l = new Linear("fc", 2, 1, new float[] {2, 3}, null).frozen(true);
        assertTrue(l.parameters().isEmpty());
        float[] dx = new float[2];
        l.backward(new float[] {1, 1}, 0, new float[] {2}, 0, dx, 0);
        assertArrayEquals(new float[] {4, 6}, dx);
    }

    @Test
    void namedLayersReplaceByModuleName() {
        NamedLayers m = new NamedLayers();
        Linear q = m.add(new Linear("layers.0.q_proj", 2, 2, new float[4], null));
        m.add(new Linear("layers.0.k_proj", 2, 2, new float[4], null));
        assertEquals(List.of("layers.0.k_proj", "layers.0.q_proj"), m.names());
        assertEquals(List.of("layers.0.q_proj"), m.matching(List.of("q_proj")));
        assertSame(q, m.get("layers.0.q_proj"));
        assertThrows(KosException.class, () -> m.get("nope"));
        assertThrows(
                IllegalArgumentException.class,
                () -> m.replace("layers.0.q_proj", old -> new Linear("layers.0.q_proj", 3, 2, new float[6], null)));
        LinearLayer wrapped = new Linear("layers.0.q_proj", 2, 2, new float[] {1, 0, 0, 1}, null);
        m.replace("layers.0.q_proj", old -> wrapped);
        assertSame(wrapped, m.get("layers.0.q_proj"));
    }
}
