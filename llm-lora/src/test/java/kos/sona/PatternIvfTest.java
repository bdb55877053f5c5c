package kos.sona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import kos.sim.KosException;
import kos.simd.FloatKernels;
import kos.simd.Kernels;
import org.junit.jupiter.api.Test;

class PatternIvfTest {
    static float[] clustered(SplittableRandom r, int n, int dim, int blobs, double spread) {
        float[] centres = SonaPartsTest.rand(r, blobs * dim, 1);
        float[] x = new float[n * dim];
        for (int i = 0; i < n; i++) {
            int b = r.nextInt(blobs);
            for (int d = 0; d < dim; d++) {
                x[i * dim + d] = centres[b * dim + d] + (float) (r.nextGaussian() * spread);
            }
        }
        return x;
    }

    static PatternIndex flat(FloatKernels k, float[] x, int n, int dim) {
        PatternIndex idx = new PatternIndex(k, dim, n);
        for (int i = 0; i < n; i++) {
            idx.add(x, i * dim);
        }
        return idx;
    }

    @Test
    void answersExactlyAsTheFlatSearchOnUniformClusteredAndDuplicatedData() {
        FloatKernels vec = Kernels.panamaOrNull() != null ? Kernels.panamaOrNull() : Kernels.scalar();
        SplittableRandom r = new SplittableRandom(11);
        for (FloatKernels k : new FloatKernels[] {vec, Kernels.scalar()}) {
            for (int dim : new int[] {1, 7, 64}) {
                for (int n : new int[] {1, 2, 50, 700}) {
                    for (int kind = 0; kind < 3; kind++) {
                        float[] x = kind == 0 ? SonaPartsTest.rand(r, n * dim, 1) : clustered(r, n, dim, 9, 0.05);
                        if (kind == 2) { // every vector twice: ties must go to the lower index
                            for (int i = n / 2; i < n; i++) {
                                System.arraycopy(x, (i - n / 2) * dim, x, i * dim, dim);
                            }
                        }
                        PatternIndex f = flat(k, x, n, dim);
                        for (int lists : new int[] {0, 1, 5, n + 3}) {
                            PatternIvf ivf = PatternIvf.build(k, x, 0, n, dim, lists, 6, new SplittableRandom(n));
                            for (int q = 0; q < 40; q++) {
                                float[] query = SonaPartsTest.rand(r, dim, 1.2);
                                if (q % 2 == 1) { // near a stored vector
                                    System.arraycopy(x, r.nextInt(n) * dim, query, 0, dim);
                                    query[0] += (float) (r.nextGaussian() * 0.01);
                                }
                                assertEquals(
                                        f.nearest(query, 0),
                                        ivf.nearest(query, 0),
                                        () -> k.name() + " dim " + dim + " n " + n + " lists " + lists);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void prunesMostCellsOnClusteredData() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 20_000, dim = 64;
        float[] x = clustered(r, n, dim, 200, 0.05);
        PatternIvf ivf = PatternIvf.build(Kernels.get(), x, 0, n, dim, 0, 6, new SplittableRandom(1));
        assertEquals(447, ivf.lists());
        PatternIndex f = flat(Kernels.get(), x, n, dim);
        float[] q = new float[dim];
        for (int i = 0; i < 50; i++) {
            System.arraycopy(x, r.nextInt(n) * dim, q, 0, dim);
            q[3] += 0.02f;
            assertEquals(f.nearest(q, 0), ivf.nearest(q, 0));
        }
        assertTrue(ivf.meanScanned() < n / 20.0, "scanned " + ivf.meanScanned());
    }

    @Test
    void refusesBadInput() {
        float[] x = new float[10];
        SplittableRandom r = new SplittableRandom(1);
        assertThrows(KosException.class, () -> PatternIvf.build(Kernels.scalar(), x, 0, 0, 2, 0, 1, r));
        assertThrows(KosException.class, () -> PatternIvf.build(Kernels.scalar(), x, 0, 6, 2, 0, 1, r));
        assertThrows(KosException.class, () -> PatternIvf.build(Kernels.scalar(), x, 0, 5, 2, -1, 1, r));
    }
}
