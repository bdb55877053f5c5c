package kos.sona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import kos.sim.KosException;
import kos.simd.FloatKernels;
import kos.simd.Kernels;
import org.junit.jupiter.api.Test;

class QuantizedPatternIndexTest {
    private static float[] data(SplittableRandom r, int kind, int n, int dim) {
        float[] x;
        switch (kind) {
            case 0 -> x = SonaPartsTest.rand(r, n * dim, 1); // uniform
            case 1 -> x = PatternIvfTest.clustered(r, n, dim, 7, 0.05);
            case 2 -> { // coordinates of very different ranges, one constant
                x = SonaPartsTest.rand(r, n * dim, 1);
                for (int i = 0; i < n; i++) {
                    for (int d = 0; d < dim; d++) {
                        x[i * dim + d] *= (float) Math.pow(10, d % 5 - 2);
                        if (d == dim - 1) {
                            x[i * dim + d] = 3f;
                        }
                    }
                }
            }
            case 3 -> { // many near-ties: points on a fine grid, duplicated
                x = new float[n * dim];
                for (int i = 0; i < n * dim; i++) {
                    x[i] = r.nextInt(3) * 0.001f;
                }
            }
            case 4 -> { // huge and tiny magnitudes
                x = SonaPartsTest.rand(r, n * dim, 1);
                float m = r.nextBoolean() ? 1e30f : 1e-30f;
                for (int i = 0; i < x.length; i++) {
                    x[i] *= m;
                }
            }
            default -> throw new IllegalArgumentException();
        }
        return x;
    }

    @Test
    void answersExactlyAsTheFlatBlockedScanOnAnyData() {
        SplittableRandom r = new SplittableRandom(41);
        java.util.List<FloatKernels> all = new java.util.ArrayList<>(Kernels.panamaVariants());
        all.add(Kernels.scalar());
        for (FloatKernels k : all) {
            for (int dim : new int[] {1, 5, 64}) {
                for (int n : new int[] {1, 7, 9, 100, 600}) {
                    for (int kind = 0; kind < 5; kind++) {
                        float[] x = data(r, kind, n, dim);
                        QuantizedPatternIndex qx = QuantizedPatternIndex.of(k, x, 0, n, dim);
                        BlockedPatternIndex flat = BlockedPatternIndex.of(Kernels.scalar(), x, 0, n, dim);
                        for (int t = 0; t < 30; t++) {
                            float[] q = new float[dim];
                            int src = r.nextInt(n);
                            for (int d = 0; d < dim; d++) {
                                float v = x[src * dim + d];
                                q[d] = switch (t % 3) {
                                    case 0 -> v; // exactly a stored vector (and its duplicates)
                                    case 1 ->
                                        v + (float) (r.nextGaussian() * 1e-3 * Math.abs(v) + 1e-6 * r.nextGaussian());
                                    default -> (float) (r.nextGaussian() * 2 * (Math.abs(v) + 1e-3));
                                };
                            }
                            String where = k.name() + " dim " + dim + " n " + n + " kind " + kind + " t " + t;
                            assertEquals(flat.nearest(q, 0), qx.nearest(q, 0), where);
                        }
                    }
                }
            }
        }
    }

    @Test
    void byteKernelGivesTheSameBitsOnEveryImplementation() {
        SplittableRandom r = new SplittableRandom(2);
        for (int dim : new int[] {1, 3, 64}) {
            for (int n : new int[] {1, 8, 15, 16, 17, 33, 64, 65, 200}) {
                int padded = (n + 15) / 16 * 16;
                byte[] codes = new byte[padded * dim];
                for (int i = 0; i < codes.length; i++) {
                    codes[i] = (byte) r.nextInt(-128, 128);
                }
                float[] q = new float[dim + 2];
                for (int d = 0; d < q.length; d++) {
                    q[d] = (float) (r.nextGaussian() * 100);
                }
                float[] want = new float[padded + 1], wantBlocks = new float[padded / 16];
                float wantMin = Kernels.scalar().l2BlockedBytes(codes, n, dim, q, 2, want, 1, wantBlocks);
                for (FloatKernels k : Kernels.panamaVariants()) {
                    float[] got = new float[padded + 1], gotBlocks = new float[padded / 16];
                    float min = k.l2BlockedBytes(codes, n, dim, q, 2, got, 1, gotBlocks);
                    assertEquals(java.util.Arrays.toString(wantBlocks), java.util.Arrays.toString(gotBlocks), k.name());
                    for (int i = 1; i <= n; i++) {
                        assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), k.name() + " " + i);
                    }
                    assertEquals(wantMin, min, k.name() + " n " + n + " dim " + dim);
                }
            }
        }
    }

    @Test
    void measuresFewVectorsOnUniformDataAndFallsBackOnNonFinite() {
        SplittableRandom r = new SplittableRandom(8);
        int n = 20_000, dim = 64;
        float[] x = SonaPartsTest.rand(r, n * dim, 1);
        QuantizedPatternIndex qx = QuantizedPatternIndex.of(Kernels.get(), x, 0, n, dim);
        int most = 0;
        for (int t = 0; t < 20; t++) {
            float[] q = SonaPartsTest.rand(r, dim, 1);
            assertEquals(qx.exact().nearest(q, 0), qx.nearest(q, 0));
            most = Math.max(most, qx.lastMeasured());
        }
        assertTrue(most >= 1 && most < 100, "measured at most " + most + " of " + n);
        float[] q = new float[dim];
        q[3] = Float.NaN;
        assertEquals(qx.exact().nearest(q, 0), qx.nearest(q, 0));
        assertEquals(n, qx.lastMeasured());
        x[5] = Float.POSITIVE_INFINITY;
        QuantizedPatternIndex inf = QuantizedPatternIndex.of(Kernels.get(), x, 0, n, dim);
        assertEquals(inf.exact().nearest(x, 64), inf.nearest(x, 64));
        assertEquals(1, inf.nearest(x, 64));
        assertThrows(KosException.class, () -> QuantizedPatternIndex.of(Kernels.get(), x, 0, 0, dim));
    }
}
