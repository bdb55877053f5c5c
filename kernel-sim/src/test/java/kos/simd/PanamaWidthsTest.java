package kos.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both Vector API widths (256-bit: two vectors per sixteen lanes; 512-bit: one) equal the scalar
 * twin bit for bit, whichever one {@link Kernels} picked on this machine: every size 0..300 for
 * the reductions, and matrices of 1..19 rows (the eight-, four-, two- and one-row groups) by odd
 * and even column counts.
 */
class PanamaWidthsTest {
    private static final FloatKernels S = Kernels.scalar();

    private static List<FloatKernels> variants() {
        List<FloatKernels> v = Kernels.panamaVariants();
        assertFalse(v.isEmpty(), "tests run with --add-modules jdk.incubator.vector");
        return v;
    }

    private static void same(float expected, float actual, String what) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), what);
    }

    @Test
    void reductionsAgreeAtEverySize() {
        for (FloatKernels v : variants()) {
            for (int n = 0; n <= 300; n++) {
                float[] a = FloatKernelsTest.values(n, n, 2, 0.01), b = FloatKernelsTest.values(n + 500, n, 2, 0.01);
                String at = v.name() + " n=" + n;
                same(S.dot(a, 2, b, 1, n), v.dot(a, 2, b, 1, n), "dot " + at);
                same(S.sum(a, 1, n), v.sum(a, 1, n), "sum " + at);
                same(S.max(a, 1, n), v.max(a, 1, n), "max " + at);
                float[] e1 = FloatKernelsTest.values(n + 9, n, 1, 0.01), e2 = e1.clone();
                S.softmax(e1, 1, n);
                v.softmax(e2, 1, n);
                for (int i = 0; i < e1.length; i++) {
                    same(e1[i], e2[i], "softmax[" + i + "] " + at);
                }
            }
        }
    }

    @Test
    void matrixKernelsAgreeForEveryRowGroup() {
        int[] colCounts = {0, 1, 7, 15, 16, 17, 31, 33, 64, 100, 257};
        for (FloatKernels v : variants()) {
            for (int rows = 1; rows <= 19; rows++) {
                for (int cols : colCounts) {
                    long seed = rows * 1000L + cols;
                    float[] m = FloatKernelsTest.values(seed, rows * cols, 3, 0.005);
                    float[] x = FloatKernelsTest.values(seed + 1, Math.max(rows, cols), 1, 0.005);
                    float[] y1 = new float[rows + 2], y2 = new float[rows + 2];
                    S.matVec(m, 3, rows, cols, x, 1, y1, 2);
                    v.matVec(m, 3, rows, cols, x, 1, y2, 2);
                    String at = v.name() + " " + rows + "x" + cols;
                    for (int i = 0; i < y1.length; i++) {
                        same(y1[i], y2[i], "matVec[" + i + "] " + at);
                    }
                    float[] t1 = FloatKernelsTest.values(seed + 2, cols, 1, 0.005), t2 = t1.clone();
                    S.matTVecAdd(m, 3, rows, cols, x, 1, t1, 1);
                    v.matTVecAdd(m, 3, rows, cols, x, 1, t2, 1);
                    for (int i = 0; i < t1.length; i++) {
                        same(t1[i], t2[i], "matTVecAdd[" + i + "] " + at);
                    }
                    float[] o1 = m.clone(), o2 = m.clone();
                    float[] u = FloatKernelsTest.values(seed + 3, rows + 1, 1, 0.005);
                    S.outerAdd(o1, 3, rows, cols, u, 1, x, 1);
                    v.outerAdd(o2, 3, rows, cols, u, 1, x, 1);
                    for (int i = 0; i < o1.length; i++) {
                        same(o1[i], o2[i], "outerAdd[" + i + "] " + at);
                    }
                }
            }
        }
    }

    @Test
    void matTVecAddBatchIsTheLoopOfMatTVecAdd() {
        for (FloatKernels v : variants()) {
            for (int rows = 1; rows <= 17; rows += 4) {
                for (int cols : new int[] {1, 3, 8, 9, 15, 16, 17, 33}) {
                    for (int count = 1; count <= 9; count++) {
                        long seed = rows * 100_000L + cols * 100L + count;
                        int xStride = rows + 2, yStride = cols + 1;
                        float[] m = FloatKernelsTest.values(seed, rows * cols + 3, 3, 0.005);
                        float[] x = FloatKernelsTest.values(seed + 1, count * xStride + 1, 1, 0.005);
                        float[] y1 = FloatKernelsTest.values(seed + 2, count * yStride + 2, 1, 0.005);
                        float[] y2 = y1.clone(), y3 = y1.clone();
                        for (int k = 0; k < count; k++) {
                            S.matTVecAdd(m, 3, rows, cols, x, 1 + k * xStride, y1, 2 + k * yStride);
                        }
                        S.matTVecAddBatch(m, 3, rows, cols, x, 1, xStride, y2, 2, yStride, count);
                        v.matTVecAddBatch(m, 3, rows, cols, x, 1, xStride, y3, 2, yStride, count);
                        String at = v.name() + " " + rows + "x" + cols + " count " + count;
                        for (int i = 0; i < y1.length; i++) {
                            same(y1[i], y2[i], "scalar batch[" + i + "] " + at);
                            same(y1[i], y3[i], "batch[" + i + "] " + at);
                        }
                    }
                }
            }
        }
    }

    @Test
    void lowRankAddAgreesAcrossOddShapes() {
        int[][] shapes = {{1, 1}, {3, 5}, {17, 9}, {31, 33}, {256, 256}, {129, 257}};
        for (FloatKernels v : variants()) {
            for (int[] shape : shapes) {
                int in = shape[0], out = shape[1];
                for (int rank = 1; rank <= 9; rank++) {
                    long seed = in * 31L + out * 7L + rank;
                    float[] a = FloatKernelsTest.values(seed, rank * in, 0, 0.002);
                    float[] bt = FloatKernelsTest.values(seed + 1, rank * out, 0, 0.002);
                    float[] x = FloatKernelsTest.values(seed + 2, in, 1, 0.002);
                    float[] y1 = FloatKernelsTest.values(seed + 3, out, 2, 0.002), y2 = y1.clone();
                    float[] h1 = new float[rank], h2 = new float[rank];
                    S.lowRankAdd(a, bt, rank, in, out, 0.5f, x, 1, y1, 2, h1);
                    v.lowRankAdd(a, bt, rank, in, out, 0.5f, x, 1, y2, 2, h2);
                    String at = v.name() + " " + in + "x" + out + " r" + rank;
                    for (int i = 0; i < y1.length; i++) {
                        same(y1[i], y2[i], "lowRankAdd y[" + i + "] " + at);
                    }
                    for (int k = 0; k < rank; k++) {
                        same(h1[k], h2[k], "lowRankAdd h[" + k + "] " + at);
                        same(0.5f * S.dot(a, k * in, x, 1, in), h1[k], "h is the scaled dot, " + at);
                    }
                }
            }
        }
    }
}
