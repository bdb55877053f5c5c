package kos.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels must equal the scalar twin bit for bit, at every size from 0 to 300
 * (covering empty input, pure tails, whole 16-lane blocks and blocks plus tails) and for values
 * that include NaN, infinities, signed zeros, subnormals and large magnitudes.
 */
class FloatKernelsTest {
    private static final FloatKernels S = Kernels.scalar();
    private static FloatKernels V;

    @BeforeAll
    static void vectorKernelsAreLoaded() {
        V = Kernels.panamaOrNull();
        assertNotNull(V, "tests run with --add-modules jdk.incubator.vector, so the Vector API kernels must load");
    }

    private static final float[] SPECIALS = {
        Float.NaN,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        -0f,
        0f,
        Float.MIN_VALUE,
        -Float.MIN_VALUE,
        Float.MAX_VALUE,
        -Float.MAX_VALUE,
        1e-40f,
        3e38f
    };

    static float[] values(long seed, int n, int off, double specialRate) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n + off + 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble() < specialRate
                    ? SPECIALS[r.nextInt(SPECIALS.length)]
                    : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-3, 4)));
        }
        return a;
    }

    @Provide
    Arbitrary<Double> specialRates() {
        return Arbitraries.of(0.0, 0.0, 0.02, 0.2);
    }

    private static void same(float expected, float actual, String what) {
        // floatToIntBits folds every NaN into one: Java does not specify NaN payloads or signs.
        assertEquals(
                Float.floatToIntBits(expected),
                Float.floatToIntBits(actual),
                what + ": scalar " + expected + " vs vector " + actual);
    }

    @Property(tries = 600)
    void dotSumMaxAgree(
            @ForAll @IntRange(max = 300) int n,
            @ForAll @IntRange(max = 5) int off,
            @ForAll long seed,
            @ForAll("specialRates") double special) {
        float[] a = values(seed, n, off, special), b = values(seed + 1, n, off, special);
        same(S.dot(a, off, b, off + 1, n), V.dot(a, off, b, off + 1, n), "dot n=" + n);
        same(S.sum(a, off, n), V.sum(a, off, n), "sum n=" + n);
        same(S.max(a, off, n), V.max(a, off, n), "max n=" + n);
    }

    @Property(tries = 400)
    void axpyAndSoftmaxAgreeElementwise(
            @ForAll @IntRange(max = 300) int n,
            @ForAll @IntRange(max = 5) int off,
            @ForAll long seed,
            @ForAll("specialRates") double special) {
        float[] x = values(seed, n, off, special);
        float[] y1 = values(seed + 7, n, off, special), y2 = y1.clone();
        float alpha = (float) new SplittableRandom(seed).nextGaussian();
        S.axpy(alpha, x, off, y1, off, n);
        V.axpy(alpha, x, off, y2, off, n);
        for (int i = 0; i < y1.length; i++) {
            same(y1[i], y2[i], "axpy[" + i + "] n=" + n);
        }
        float[] s1 = values(seed + 3, n, off, special / 4), s2 = s1.clone();
        S.softmax(s1, off, n);
        V.softmax(s2, off, n);
        for (int i = 0; i < s1.length; i++) {
            same(s1[i], s2[i], "softmax[" + i + "] n=" + n);
        }
    }

    @Property(tries = 300)
    void expAgrees(
            @ForAll @IntRange(max = 300) int n,
            @ForAll @IntRange(max = 5) int off,
            @ForAll long seed,
            @ForAll("specialRates") double special) {
        float[] e1 = values(seed, n, off, special), e2 = e1.clone();
        for (int i = 0; i < e1.length; i++) {
            e1[i] = e1[i] * 10;
            e2[i] = e1[i];
        }
        S.exp(e1, off, n);
        V.exp(e2, off, n);
        for (int i = 0; i < e1.length; i++) {
            same(e1[i], e2[i], "exp[" + i + "] n=" + n);
        }
    }

    @Test
    void expIsWithinTwoUlpOfStrictMath() {
        float[] x = new float[200_001];
        for (int i = 0; i < x.length; i++) {
            x[i] = -87f + 175f * i / (x.length - 1);
        }
        float[] y = x.clone();
        V.exp(y, 0, y.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            float exact = (float) StrictMath.exp(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - exact) / Math.ulp(exact));
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulp");
        float[] edge = {-88f, -1000f, Float.NEGATIVE_INFINITY, 89f, Float.POSITIVE_INFINITY, Float.NaN, 0f, -0f};
        S.exp(edge, 0, edge.length);
        assertArrayEquals(
                new float[] {0f, 0f, 0f, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, 1f, 1f}, edge);
    }

    @Property(tries = 100)
    void matVecAgrees(
            @ForAll @IntRange(min = 1, max = 40) int rows, @ForAll @IntRange(max = 70) int cols, @ForAll long seed) {
        float[] m = values(seed, rows * cols, 0, 0.01), x = values(seed + 1, cols, 0, 0.01);
        float[] y1 = new float[rows], y2 = new float[rows];
        S.matVec(m, 0, rows, cols, x, 0, y1, 0);
        V.matVec(m, 0, rows, cols, x, 0, y2, 0);
        for (int r = 0; r < rows; r++) {
            same(y1[r], y2[r], "matVec row " + r);
        }
    }

    @Property(tries = 300)
    void matVecAgreesWithDotAtEverySize(
            @ForAll @IntRange(max = 300) int cols,
            @ForAll @IntRange(min = 0, max = 9) int rows,
            @ForAll long seed,
            @ForAll("specialRates") double special) {
        float[] m = values(seed, rows * cols, 2, special), x = values(seed + 1, cols, 1, special);
        float[] y1 = new float[rows + 1], y2 = new float[rows + 1];
        S.matVec(m, 2, rows, cols, x, 1, y1, 1);
        V.matVec(m, 2, rows, cols, x, 1, y2, 1);
        for (int r = 0; r < rows; r++) {
            same(y1[r + 1], y2[r + 1], "matVec row " + r + " cols=" + cols);
            same(S.dot(m, 2 + r * cols, x, 1, cols), y2[r + 1], "matVec row " + r + " equals dot, cols=" + cols);
        }
    }

    @Property(tries = 300)
    void matTVecAddAndOuterAddAgree(
            @ForAll @IntRange(max = 300) int cols,
            @ForAll @IntRange(min = 0, max = 40) int rows,
            @ForAll long seed,
            @ForAll("specialRates") double special) {
        float[] m = values(seed, rows * cols, 3, special), x = values(seed + 1, rows, 2, special);
        float[] y1 = values(seed + 2, cols, 1, special), y2 = y1.clone(), y3 = y1.clone();
        S.matTVecAdd(m, 3, rows, cols, x, 2, y1, 1);
        V.matTVecAdd(m, 3, rows, cols, x, 2, y2, 1);
        for (int r = 0; r < rows; r++) {
            // the documented order: one fma per row, rows in index order
            for (int c = 0; c < cols; c++) {
                y3[1 + c] = Math.fma(x[2 + r], m[3 + r * cols + c], y3[1 + c]);
            }
        }
        for (int i = 0; i < y1.length; i++) {
            same(y1[i], y2[i], "matTVecAdd[" + i + "] rows=" + rows + " cols=" + cols);
            same(y3[i], y2[i], "matTVecAdd order [" + i + "]");
        }
        float[] v = values(seed + 4, cols, 0, special);
        float[] m1 = m.clone(), m2 = m.clone();
        S.outerAdd(m1, 3, rows, cols, x, 2, v, 0);
        V.outerAdd(m2, 3, rows, cols, x, 2, v, 0);
        for (int i = 0; i < m1.length; i++) {
            same(m1[i], m2[i], "outerAdd[" + i + "]");
        }
        if (rows > 0 && cols > 0 && Float.isFinite(m[3]) && Float.isFinite(x[2]) && Float.isFinite(v[0])) {
            same(Math.fma(x[2], v[0], m[3]), m1[3], "outerAdd is one fma per element");
        }
    }

    @Test
    void scalarFollowsTheDocumentedOrder() {
        // 17 ones then a huge value: lane 0 gets 1, lane 1..15 get 1, the tail gets 1e20 and 1.
        float[] a = new float[18];
        java.util.Arrays.fill(a, 1f);
        a[16] = 1e20f;
        assertEquals(16f + (1e20f + 1f), S.sum(a, 0, 18));
        assertEquals(S.sum(a, 0, 18), V.sum(a, 0, 18));
    }

    @Test
    void emptyInputs() {
        float[] a = new float[0];
        same(0f, S.dot(a, 0, a, 0, 0), "dot");
        same(0f, V.sum(a, 0, 0), "sum");
        same(Float.NEGATIVE_INFINITY, V.max(a, 0, 0), "max");
        V.softmax(a, 0, 0);
    }

    @Test
    void softmaxIsADistribution() {
        float[] a = {1, 2, 3, 1000, -1000};
        V.softmax(a, 0, a.length);
        assertEquals(1.0, S.sum(a, 0, a.length), 1e-6);
        assertEquals(1.0f, a[3], 1e-6f);
    }
}
