package kos.sona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import kos.sim.KosException;
import kos.simd.FloatKernels;
import kos.simd.Kernels;
import org.junit.jupiter.api.Test;

/**
 * The ReasoningBank's search (a {@link BlockedPatternIndex}, and a {@link QuantizedPatternIndex}
 * from {@link ReasoningBank#QUANTIZED_FROM} patterns on) against the reference {@link
 * PatternIndex} over the same centroids in the same order: the same pattern ids, ties to the older
 * pattern, across sizes on both sides of the block width and of the quantized threshold.
 */
class ReasoningBankSearchTest {
    private static final int[] SIZES = {
        1, 2, 7, 8, 9, 33, 255, 261, ReasoningBank.QUANTIZED_FROM - 1, ReasoningBank.QUANTIZED_FROM, 20_000
    };

    private static FloatKernels[] kernels() {
        FloatKernels vec = Kernels.panamaOrNull();
        assertNotNull(vec, "tests run with the Vector API module");
        return new FloatKernels[] {vec, Kernels.scalar()};
    }

    private static ReasoningBank bank(FloatKernels k, float[] x, int n, int dim) {
        ReasoningBank b = new ReasoningBank(k, dim, 5, n, 0.05, 8);
        for (int i = 0; i < n; i++) {
            float[] c = new float[dim];
            System.arraycopy(x, i * dim, c, 0, dim);
            b.add(c, 1, 0, 0);
        }
        return b;
    }

    /** The reference: PatternIndex's answer over the bank's centroids, as a pattern id (-1 when empty). */
    private static long reference(List<Pattern> ps, int dim, float[] q) {
        if (ps.isEmpty()) {
            return -1;
        }
        PatternIndex ix = new PatternIndex(Kernels.scalar(), dim, ps.size());
        for (Pattern p : ps) {
            ix.add(p.centroid(), 0);
        }
        return ps.get(ix.nearestScalar(q, 0)).id();
    }

    private static double dist(float[] c, float[] q) {
        double s = 0;
        for (int d = 0; d < q.length; d++) {
            double e = (double) c[d] - q[d];
            s += e * e;
        }
        return s;
    }

    /**
     * Integer coordinates in -3..3: every distance, in either formula, is exact in float, so the two
     * searches must agree on every query, the many exact ties (duplicate centroids, half-integer
     * queries) included.
     */
    @Test
    void sameIdsAndTieBreaksAsThePatternIndexOnAGridOfExactTies() {
        SplittableRandom r = new SplittableRandom(41);
        for (FloatKernels k : kernels()) {
            for (int dim : new int[] {32, 64}) {
                for (int n : SIZES) {
                    float[] x = new float[n * dim];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = r.nextInt(7) - 3;
                    }
                    for (int i = Math.max(1, n / 2); i < n; i += 3) { // duplicates of older patterns
                        System.arraycopy(x, r.nextInt(i) * dim, x, i * dim, dim);
                    }
                    ReasoningBank b = bank(k, x, n, dim);
                    List<Pattern> ps = b.patterns();
                    assertEquals(n, ps.size());
                    int queries = n > 5000 ? 20 : 60;
                    for (int t = 0; t < queries; t++) {
                        float[] q = new float[dim];
                        for (int d = 0; d < dim; d++) {
                            q[d] = (r.nextInt(13) - 6) / 2f; // half-integers: ties between neighbours
                        }
                        if (t % 3 == 0) {
                            System.arraycopy(x, r.nextInt(n) * dim, q, 0, dim);
                        }
                        String where = k.name() + " dim " + dim + " n " + n + " query " + t;
                        assertEquals(reference(ps, dim, q), b.nearest(q, 0, t).id(), where);
                    }
                    assertEquals(n >= ReasoningBank.QUANTIZED_FROM, b.searchesQuantized(), "n " + n);
                }
            }
        }
    }

    /**
     * Uniform floats: the reference sums {@code |c|^2 - 2 q.c}, the bank {@code sum (c - q)^2}; they
     * round differently, so they may differ only where the two true distances are within the
     * reference's rounding allowance (a near-tie), and the bank's answer is then never the farther
     * one by more than that.
     */
    @Test
    void sameIdsAsThePatternIndexOnFloatsExceptWithinRounding() {
        SplittableRandom r = new SplittableRandom(43);
        int differ = 0, total = 0;
        for (FloatKernels k : kernels()) {
            for (int n : SIZES) {
                int dim = 64;
                float[] x = SonaPartsTest.rand(r, n * dim, 1);
                ReasoningBank b = bank(k, x, n, dim);
                List<Pattern> ps = b.patterns();
                for (int t = 0; t < (n > 5000 ? 20 : 60); t++) {
                    float[] q = SonaPartsTest.rand(r, dim, 1.2);
                    if (t % 2 == 1) {
                        System.arraycopy(x, r.nextInt(n) * dim, q, 0, dim);
                        q[t % dim] += (float) (r.nextGaussian() * 0.01);
                    }
                    long want = reference(ps, dim, q), got = b.nearest(q, 0, t).id();
                    total++;
                    if (want != got) {
                        differ++;
                        double qn = Math.sqrt(dist(new float[dim], q));
                        double allowance = 4 * (dim + 2) * 0x1p-24 * (qn + Math.sqrt(dim)) * (qn + Math.sqrt(dim));
                        double dw = dist(ps.get((int) want - 1).centroid(), q);
                        double dg = dist(ps.get((int) got - 1).centroid(), q);
                        assertTrue(dg - dw <= allowance, k.name() + " n " + n + ": " + got + " vs " + want);
                    }
                }
            }
        }
        assertTrue(differ * 50 <= total, differ + " of " + total + " answers differ: more than near-ties");
    }

    /** After pruning and merging (a rebuilt index) and after appends to a built one, still the reference's answers. */
    @Test
    void theIndexFollowsPruningMergingAndAppends() {
        SplittableRandom r = new SplittableRandom(47);
        for (FloatKernels k : kernels()) {
            for (int n : new int[] {40, ReasoningBank.QUANTIZED_FROM + 100}) {
                int dim = 32;
                ReasoningBank b = new ReasoningBank(k, dim, 5, 2 * n, 0.05, 8);
                float[] x = SonaPartsTest.rand(r, n * dim, 1);
                for (int i = 0; i < n; i++) {
                    float[] c = new float[dim];
                    System.arraycopy(x, (i % 2 == 1 && i > 10 ? i - 7 : i) * dim, c, 0, dim);
                    b.add(c, 1 + r.nextInt(4), r.nextDouble(), i);
                }
                float[] q = SonaPartsTest.rand(r, dim, 1);
                assertEquals(reference(b.patterns(), dim, q), b.nearest(q, 0, 1).id());
                int[] pm = b.consolidate(0.9, 1.0); // sizes 1 fall under 1; duplicates merge
                assertTrue(pm[0] > 0 && pm[1] > 0, "pruned " + pm[0] + ", merged " + pm[1]);
                for (int t = 0; t < 20; t++) {
                    q = SonaPartsTest.rand(r, dim, 1);
                    if (t == 10) {
                        b.add(q.clone(), 3, 0, 2); // appended to the built index: its own nearest
                        assertEquals(
                                b.patterns().getLast().id(), b.nearest(q, 0, 2).id());
                    }
                    Pattern p = b.nearest(q, 0, 3);
                    assertEquals(reference(b.patterns(), dim, q), p.id(), "n " + n + " query " + t);
                }
            }
        }
    }

    @Test
    void anEmptyBankFindsNothingAndABadPatternIsOneLine() {
        ReasoningBank b = new ReasoningBank(Kernels.scalar(), 4, 5, 8, 0.05, 8);
        assertNull(b.nearest(new float[4], 0, 0));
        assertTrue(assertThrows(KosException.class, () -> b.add(new float[3], 1, 0, 0))
                .getMessage()
                .contains("dimension 3"));
        assertThrows(KosException.class, () -> b.add(new float[4], 0, 0, 0));
        assertEquals(0, b.size());
        for (int i = 0; i < 10; i++) {
            b.add(new float[] {i, 0, 0, 0}, 1 + i, 0, 0); // beyond capacity 8: the lightest go
        }
        assertEquals(8, b.size());
        assertEquals(3, b.patterns().getFirst().id());
    }
}
