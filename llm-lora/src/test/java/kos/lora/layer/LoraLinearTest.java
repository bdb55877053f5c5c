package kos.lora.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import kos.nn.Linear;
import kos.nn.NamedLayers;
import kos.nn.Parameter;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;

class LoraLinearTest {
    static float[] random(SplittableRandom r, int n, double scale) {
        float[] a = new float[n];
        Linear.uniform(a, scale, r);
        return a;
    }

    static LoraLinear layer(int in, int out, int rank, float dropout, boolean rs, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        LoraLinear l = new LoraLinear(Linear.kaimingUniform("fc", in, out, true, r), seed);
        LoraAdapter a = l.addAdapter("default", new LoraConfig(rank, 16f, dropout, rs, List.of("fc")), r);
        a.setLoraB(random(r, out * rank, 0.5));
        return l;
    }

    @Test
    void newAdapterChangesNothingBitForBit() {
        SplittableRandom r = new SplittableRandom(1);
        Linear base = Linear.kaimingUniform("fc", 37, 21, true, r);
        float[] x = random(r, 37, 2), y0 = new float[21], y1 = new float[21];
        base.forward(x, 0, y0, 0);
        LoraLinear l = new LoraLinear(base, 5);
        LoraAdapter a = l.addAdapter("default", LoraConfig.defaults(List.of("fc")), r);
        l.forward(x, 0, y1, 0);
        assertArrayEquals(y0, y1);
        float bound = (float) (1 / Math.sqrt(37));
        for (float v : a.loraA()) {
            assertTrue(Math.abs(v) <= bound, "A within the kaiming-uniform bound");
        }
        assertArrayEquals(new float[21 * 8], a.loraB());
        assertEquals(1f, a.scaling());
        assertEquals(8L * (37 + 21), a.parameterCount());
    }

    @Test
    void initialisationIsSeeded() {
        LoraAdapter a = LoraAdapter.init("x", 10, 4, LoraConfig.defaults(List.of()), new SplittableRandom(9));
        LoraAdapter b = LoraAdapter.init("x", 10, 4, LoraConfig.defaults(List.of()), new SplittableRandom(9));
        LoraAdapter c = LoraAdapter.init("x", 10, 4, LoraConfig.defaults(List.of()), new SplittableRandom(10));
        assertArrayEquals(a.loraA(), b.loraA());
        assertNotEquals(a.loraA()[0], c.loraA()[0]);
    }

    /** y = W x + b + s * B (A x), computed naively in double. */
    @Test
    void forwardMatchesTheFormula() {
        for (boolean rs : new boolean[] {false, true}) {
            LoraLinear l = layer(23, 9, 3, 0f, rs, 4);
            float s = rs ? (float) (16 / Math.sqrt(3)) : 16f / 3;
            assertEquals(s, l.adapter("default").scaling());
            float[] x = random(new SplittableRandom(8), 23, 1), y = new float[9];
            l.forward(x, 0, y, 0);
            float[] w = l.base().weight(),
                    b = l.base().bias(),
                    a = l.adapter("default").loraA(),
                    bb = l.adapter("default").loraB();
            for (int o = 0; o < 9; o++) {
                double e = b[o];
                for (int i = 0; i < 23; i++) {
                    e += (double) w[o * 23 + i] * x[i];
                }
                for (int k = 0; k < 3; k++) {
                    double ax = 0;
                    for (int i = 0; i < 23; i++) {
                        ax += (double) a[k * 23 + i] * x[i];
                    }
                    e += s * bb[o * 3 + k] * ax;
                }
                assertEquals(e, y[o], 1e-4 * (1 + Math.abs(e)), "y[" + o + "] rs=" + rs);
            }
        }
    }

    /** L = sum(c .* y); analytic gradients of A, B and x against central differences, with and without dropout. */
    @Test
    void gradientsMatchFiniteDifferences() {
        for (float dropout : new float[] {0f, 0.3f}) {
            LoraLinear l = layer(17, 6, 4, dropout, false, 12);
            l.training(true);
            float[] x = random(new SplittableRandom(2), 17, 1), c = random(new SplittableRandom(3), 6, 1);
            float[] y = new float[6], dx = new float[17];
            l.resetDropout();
            l.forward(x, 0, y, 0);
            l.backward(x, 0, c, 0, dx, 0);
            List<Parameter> ps = l.parameters();
            assertEquals(2, ps.size(), "only A and B train; the base is frozen");
            DoubleSupplier loss = () -> {
                float[] yy = new float[6];
                l.resetDropout();
                l.forward(x, 0, yy, 0);
                double s = 0;
                for (int i = 0; i < 6; i++) {
                    s += (double) c[i] * yy[i];
                }
                return s;
            };
            int checked = 0;
            for (Parameter p : ps) {
                for (int i = 0; i < p.size(); i++) {
                    assertEquals(
                            numeric(loss, p.value(), i),
                            p.grad()[i],
                            3e-3,
                            p.name() + "[" + i + "] dropout " + dropout);
                    checked++;
                }
            }
            for (int i = 0; i < 17; i++) {
                assertEquals(numeric(loss, x, i), dx[i], 3e-3, "dx[" + i + "] dropout " + dropout);
            }
            assertEquals(4 * 17 + 4 * 6, checked);
        }
    }

    static double numeric(DoubleSupplier f, float[] a, int i) {
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
    void dropoutOnlyInTrainingAndSeeded() {
        LoraLinear l = layer(64, 8, 2, 0.5f, false, 3);
        float[] x = random(new SplittableRandom(1), 64, 1),
                e1 = new float[8],
                e2 = new float[8],
                t1 = new float[8],
                t2 = new float[8];
        l.forward(x, 0, e1, 0);
        l.forward(x, 0, e2, 0);
        assertArrayEquals(e1, e2, "no dropout in evaluation");
        l.training(true);
        l.resetDropout();
        l.forward(x, 0, t1, 0);
        l.forward(x, 0, t2, 0);
        assertNotEquals(t1[0], t2[0], "a fresh mask per forward");
        l.resetDropout();
        float[] t3 = new float[8];
        l.forward(x, 0, t3, 0);
        assertArrayEquals(t1, t3, "the same seed gives the same masks");
    }

    @Test
    void mergeThenForwardEqualsForwardThroughTheAdapter() {
        LoraLinear l = layer(40, 12, 4, 0f, false, 6);
        float[] x = random(new SplittableRandom(4), 40, 1), viaAdapter = new float[12], merged = new float[12];
        l.forward(x, 0, viaAdapter, 0);
        float[] w0 = l.base().weight().clone();
        l.merge("default");
        assertEquals(List.of("default"), List.copyOf(l.mergedAdapters()));
        l.forward(x, 0, merged, 0);
        assertArrayEquals(viaAdapter, merged, 1e-4f);
        assertTrue(l.parameters().isEmpty(), "a merged adapter is not trained");
        assertThrows(KosException.class, () -> l.merge("default"));
        assertThrows(KosException.class, () -> l.deleteAdapter("default"));
        l.unmerge("default");
        assertArrayEquals(w0, l.base().weight(), 1e-6f);
    }

    @Test
    void unmergeRestoresWBitForBitWhenTheSumsAreExact() {
        // dyadic values with few significant bits: every product and sum is exact in float
        Linear base = new Linear("fc", 3, 2, new float[] {1, 0.5f, -2, 0.25f, 4, -1}, null);
        LoraLinear l = new LoraLinear(base, 1);
        l.addAdapter(LoraAdapter.fromPeft(
                "default",
                3,
                2,
                new LoraConfig(2, 4, 0, false, List.of("fc")),
                new float[] {0.5f, -1, 0.25f, 1, 0.5f, 0},
                new float[] {1, 0.5f, -2, 0.25f}));
        float[] w0 = base.weight().clone();
        l.merge("default");
        // W += 2 * B A: row 0 = 2 * (1 * A0 + 0.5 * A1) = [2, -1.5, 0.5]; row 1 = 2 * (-2 A0 + 0.25 A1) = [-1.5, 4.25,
        // -1]
        assertArrayEquals(new float[] {3, -1, -1.5f, -1.25f, 8.25f, -2}, base.weight());
        l.unmerge("default");
        for (int i = 0; i < w0.length; i++) {
            assertEquals(Float.floatToIntBits(w0[i]), Float.floatToIntBits(base.weight()[i]), "W[" + i + "]");
        }
    }

    @Test
    void mergeRefusesNaNAndInf() {
        LoraLinear l = layer(4, 3, 2, 0f, false, 2);
        float[] w0 = l.base().weight().clone();
        float[] b = l.adapter("default").loraB();
        b[1] = Float.NaN;
        l.adapter("default").setLoraB(b);
        assertTrue(assertThrows(KosException.class, () -> l.merge("default"))
                .getMessage()
                .contains("NaN"));
        b[1] = 3e38f;
        l.adapter("default").setLoraB(b);
        assertThrows(KosException.class, () -> l.merge("default"));
        assertArrayEquals(w0, l.base().weight(), "nothing changed");
        assertTrue(l.mergedAdapters().isEmpty());
    }

    @Test
    void severalNamedAdaptersAddSelectDisableDelete() {
        SplittableRandom r = new SplittableRandom(7);
        LoraLinear l = new LoraLinear(Linear.kaimingUniform("fc", 8, 4, false, r), 1);
        float[] x = random(r, 8, 1), base = new float[4], ya = new float[4], yb = new float[4], y = new float[4];
        l.base().forward(x, 0, base, 0);
        l.addAdapter("a", new LoraConfig(2, 2, 0, false, List.of("fc")), r).setLoraB(random(r, 8, 1));
        l.addAdapter("b", new LoraConfig(3, 6, 0, false, List.of("fc")), r).setLoraB(random(r, 12, 1));
        assertEquals("a", l.activeAdapter(), "the first adapter is selected");
        l.forward(x, 0, ya, 0);
        l.select("b");
        l.forward(x, 0, yb, 0);
        assertNotEquals(ya[0], yb[0]);
        l.disable();
        l.forward(x, 0, y, 0);
        assertArrayEquals(base, y);
        assertTrue(l.parameters().isEmpty());
        l.enable();
        l.forward(x, 0, y, 0);
        assertArrayEquals(yb, y);
        l.deleteAdapter("b");
        assertEquals("a", l.activeAdapter());
        l.forward(x, 0, y, 0);
        assertArrayEquals(ya, y);
        assertThrows(KosException.class, () -> l.select("b"));
        assertThrows(
                KosException.class, () -> l.addAdapter(LoraAdapter.init("a", 8, 4, LoraConfig.defaults(List.of()), r)));
        assertThrows(
                KosException.class, () -> l.addAdapter(LoraAdapter.init("c", 9, 4, LoraConfig.defaults(List.of()), r)));
        l.deleteAdapter("a");
        assertNull(l.activeAdapter());
        l.forward(x, 0, y, 0);
        assertArrayEquals(base, y);
    }

    @Test
    void wrapsAModelsLayerByModuleName() {
        NamedLayers model = new NamedLayers();
        SplittableRandom r = new SplittableRandom(3);
        for (String p : List.of("q_proj", "k_proj", "v_proj", "o_proj")) {
            model.add(Linear.kaimingUniform("attn." + p, 16, 16, false, r));
        }
        for (String name : model.matching(List.of("q_proj", "v_proj"))) {
            model.replace(name, old -> {
                LoraLinear l = new LoraLinear((Linear) old, 1);
                l.addAdapter("default", LoraConfig.defaults(List.of("q_proj", "v_proj")), r);
                return l;
            });
        }
        assertTrue(model.get("attn.q_proj") instanceof LoraLinear);
        assertTrue(model.get("attn.k_proj") instanceof Linear);
        assertEquals(
                List.of(
                        "attn.k_proj.weight",
                        "attn.o_proj.weight",
                        "attn.q_proj.lora_A.default",
                        "attn.q_proj.lora_B.default",
                        "attn.v_proj.lora_A.default",
                        "attn.v_proj.lora_B.default"),
                model.parameters().stream().map(Parameter::name).toList(),
                "wrapped bases are frozen; unwrapped layers still train");
    }
}
