package kos.simd;

/**
 * The scalar twin: plain Java loops that follow the reduction order of {@link FloatKernels}
 * exactly. It is the reference the Vector API implementation is tested against, and the
 * implementation used where the Vector API is unavailable or {@code -Dkos.simd=scalar} is set.
 * The sixteen lane accumulators are locals, so nothing is allocated.
 */
public final class ScalarKernels implements FloatKernels {
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int blocks = n - n % LANES;
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        float s8 = 0f, s9 = 0f, s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f, s14 = 0f, s15 = 0f;
        for (int i = 0; i < blocks; i += LANES) {
            int p = aOff + i, q = bOff + i;
            s0 = Math.fma(a[p], b[q], s0);
            s1 = Math.fma(a[p + 1], b[q + 1], s1);
            s2 = Math.fma(a[p + 2], b[q + 2], s2);
            s3 = Math.fma(a[p + 3], b[q + 3], s3);
            s4 = Math.fma(a[p + 4], b[q + 4], s4);
            s5 = Math.fma(a[p + 5], b[q + 5], s5);
            s6 = Math.fma(a[p + 6], b[q + 6], s6);
            s7 = Math.fma(a[p + 7], b[q + 7], s7);
            s8 = Math.fma(a[p + 8], b[q + 8], s8);
            s9 = Math.fma(a[p + 9], b[q + 9], s9);
            s10 = Math.fma(a[p + 10], b[q + 10], s10);
            s11 = Math.fma(a[p + 11], b[q + 11], s11);
            s12 = Math.fma(a[p + 12], b[q + 12], s12);
            s13 = Math.fma(a[p + 13], b[q + 13], s13);
            s14 = Math.fma(a[p + 14], b[q + 14], s14);
            s15 = Math.fma(a[p + 15], b[q + 15], s15);
        }
        float tail = 0f;
        for (int i = blocks; i < n; i++) {
            tail = Math.fma(a[aOff + i], b[bOff + i], tail);
        }
        return pairwise(s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15) + tail;
    }

    @Override
    public float sum(float[] a, int off, int n) {
        int blocks = n - n % LANES;
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        float s8 = 0f, s9 = 0f, s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f, s14 = 0f, s15 = 0f;
        for (int i = 0; i < blocks; i += LANES) {
            int p = off + i;
            s0 += a[p];
            s1 += a[p + 1];
            s2 += a[p + 2];
            s3 += a[p + 3];
            s4 += a[p + 4];
            s5 += a[p + 5];
            s6 += a[p + 6];
            s7 += a[p + 7];
            s8 += a[p + 8];
            s9 += a[p + 9];
            s10 += a[p + 10];
            s11 += a[p + 11];
            s12 += a[p + 12];
            s13 += a[p + 13];
            s14 += a[p + 14];
            s15 += a[p + 15];
        }
        float tail = 0f;
        for (int i = blocks; i < n; i++) {
            tail += a[off + i];
        }
        return pairwise(s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15) + tail;
    }

    @Override
    public float max(float[] a, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, a[off + i]);
        }
        return m;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    static final float EXP_LO = -87f, EXP_HI = 88f;
    static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
    static final float ROUNDER = 12582912f;
    /** ln 2 split so that k * LN2_HI is exact for |k| < 2^8 (Cody-Waite). */
    static final float NEG_LN2_HI = -0.693145751953125f, NEG_LN2_LO = -1.428606765330187045e-06f;

    static final float C7 = 1f / 5040,
            C6 = 1f / 720,
            C5 = 1f / 120,
            C4 = 1f / 24,
            C3 = 1f / 6,
            C2 = 0.5f,
            C1 = 1f,
            C0 = 1f;

    @Override
    public void exp(float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            a[i] = exp(a[i]);
        }
    }

    /** The documented exp of one value; {@link PanamaKernels} performs the same operations lane-wise. */
    static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float k = Math.fma(xc, LOG2E, ROUNDER) - ROUNDER;
        float r = Math.fma(k, NEG_LN2_HI, xc);
        r = Math.fma(k, NEG_LN2_LO, r);
        float p = Math.fma(C7, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, C1);
        p = Math.fma(p, r, C0);
        float y = p * Float.intBitsToFloat(((int) k + 127) << 23);
        if (x < EXP_LO) {
            return 0f;
        }
        if (x > EXP_HI) {
            return Float.POSITIVE_INFINITY;
        }
        return y;
    }

    @Override
    public void softmax(float[] a, int off, int n) {
        if (n == 0) {
            return;
        }
        float m = max(a, off, n);
        for (int i = 0; i < n; i++) {
            a[off + i] = exp(a[off + i] - m);
        }
        float s = sum(a, off, n);
        for (int i = 0; i < n; i++) {
            a[off + i] = a[off + i] / s;
        }
    }

    /** The fixed combination of the 16 lane totals: halves, then quarters, eighths, the last pair. */
    static float pairwise(
            float s0,
            float s1,
            float s2,
            float s3,
            float s4,
            float s5,
            float s6,
            float s7,
            float s8,
            float s9,
            float s10,
            float s11,
            float s12,
            float s13,
            float s14,
            float s15) {
        return pairwise8(s0 + s8, s1 + s9, s2 + s10, s3 + s11, s4 + s12, s5 + s13, s6 + s14, s7 + s15);
    }

    /** Lanes 0..7 after the first level: {@code r[l] + r[l+4]}, then {@code + r[l+2]}, then {@code r0 + r1}. */
    static float pairwise8(float r0, float r1, float r2, float r3, float r4, float r5, float r6, float r7) {
        float q0 = r0 + r4, q1 = r1 + r5, q2 = r2 + r6, q3 = r3 + r7;
        float p0 = q0 + q2, p1 = q1 + q3;
        return p0 + p1;
    }
}
