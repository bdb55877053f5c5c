package kos.sona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import kos.sim.KosException;
import kos.simd.FloatKernels;
import kos.simd.Kernels;
import org.junit.jupiter.api.Test;

class BlockedPatternIndexTest {
    /** The plain reference: every distance in double, row-major, first minimum wins. */
    private static int bruteForce(float[] x, int n, int dim, float[] q) {
        int best = -1;
        double bd = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int d = 0; d < dim; d++) {
                double diff = (double) x[i * dim + d] - q[d];
                s += diff * diff;
            }
            if (s < bd) {
                bd = s;
                best = i;
            }
        }
        return best;
    }

    private static double exactDistance(float[] x, int i, int dim, float[] q) {
        double s = 0;
        for (int d = 0; d < dim; d++) {
            double diff = (double) x[i * dim + d] - q[d];
            s += diff * diff;
        }
        return s;
    }

    @Test
    void vectorAndScalarKernelsAgreeAndFindTheTrueNearestOnUniformClusteredAndDuplicatedData() {
        FloatKernels vec = Kernels.panamaOrNull();
        assertNotNull(vec, "tests run with the Vector API module");
        SplittableRandom r = new SplittableRandom(23);
        for (FloatKernels k : new FloatKernels[] {vec, Kernels.panamaVariants().getLast(), Kernels.scalar()}) {
            for (int dim : new int[] {1, 3, 16, 64}) {
                for (int n : new int[] {1, 5, 8, 9, 31, 32, 33, 40, 257, 1000}) {
                    for (int kind = 0; kind < 3; kind++) {
                        float[] x = kind == 0
                                ? SonaPartsTest.rand(r, n * dim, 1)
                                : PatternIvfTest.clustered(r, n, dim, 7, 0.05);
                        if (kind == 2) { // every vector twice: ties must go to the lower index
                            for (int i = n / 2; i < n; i++) {
                                System.arraycopy(x, (i - n / 2) * dim, x, i * dim, dim);
                            }
                        }
                        BlockedPatternIndex ix = BlockedPatternIndex.of(k, x, 0, n, dim);
                        for (int t = 0; t < 30; t++) {
                            float[] q = SonaPartsTest.rand(r, dim, 1.2);
                            if (t % 2 == 1) {
                                System.arraycopy(x, r.nextInt(n) * dim, q, 0, dim);
                                q[0] += (float) (r.nextGaussian() * 0.01);
                            }
                            int got = ix.nearest(q, 0);
                            String where = k.name() + " dim " + dim + " n " + n + " kind " + kind;
                            assertEquals(ix.nearestScalar(q, 0), got, where);
                            int truth = bruteForce(x, n, dim, q);
                            double dt = exactDistance(x, truth, dim, q), dg = exactDistance(x, got, dim, q);
                            // the float distance is within a few ulps: a different answer only on a near-tie
                            assertTrue(
                                    got == truth || dg - dt <= 1e-5 * (dt + 1e-30),
                                    where + ": " + got + " vs " + truth);
                            if (kind == 2 && n > 1) { // every vector from n/2 on has an identical lower copy
                                assertTrue(got < n / 2, where + ": a duplicate must lose the tie to its lower copy");
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void partialLastBlockNeverAnswersWithAnEmptyLane() {
        FloatKernels k = Kernels.panamaOrNull();
        float[] x = {5f, 5f, 5f}; // three vectors of dim 1; lanes 3..7 of the block hold zeros
        BlockedPatternIndex ix = BlockedPatternIndex.of(k, x, 0, 3, 1);
        assertEquals(0, ix.nearest(new float[] {0f}, 0));
        ix.set(1, new float[] {1f}, 0);
        ix.set(7, new float[] {0f}, 0); // a lane past size: not part of the bank
        assertEquals(1, ix.nearest(new float[] {0f}, 0));
        assertEquals(1, ix.nearestScalar(new float[] {0f}, 0));
    }

    @Test
    void nanAndInfinityNeverWinAndEmptyIsMinusOne() {
        FloatKernels k = Kernels.panamaOrNull();
        float[] x = new float[20];
        for (int i = 0; i < 20; i++) {
            x[i] = i == 12 ? 0.5f : Float.NaN;
        }
        BlockedPatternIndex ix = BlockedPatternIndex.of(k, x, 0, 20, 1);
        assertEquals(12, ix.nearest(new float[] {100f}, 0));
        assertEquals(12, ix.nearestScalar(new float[] {100f}, 0));
        x[12] = Float.NaN;
        assertEquals(0, BlockedPatternIndex.of(k, x, 0, 20, 1).nearest(new float[] {1f}, 0));
        assertEquals(-1, new BlockedPatternIndex(k, 4, 10).nearest(new float[4], 0));
        assertThrows(KosException.class, () -> new BlockedPatternIndex(k, 0, 10));
        BlockedPatternIndex one = new BlockedPatternIndex(k, 2, 1);
        one.add(new float[] {1, 2}, 0);
        assertThrows(KosException.class, () -> one.add(new float[] {1, 2}, 0));
    }
}
