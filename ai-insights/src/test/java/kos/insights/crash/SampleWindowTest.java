package kos.insights.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import kos.simd.FloatKernels;
import kos.simd.Kernels;
import org.junit.jupiter.api.Test;

/** The window's cached centred times give the same slopes, bit for bit, as computing them afresh. */
class SampleWindowTest {
    private static MemorySample sample(long tNs, long free, int unusable) {
        return new MemorySample(
                tNs,
                65_536,
                free,
                100,
                512,
                640,
                0,
                unusable,
                0,
                0,
                0,
                0,
                0,
                0,
                0.1,
                0,
                0,
                -1,
                Double.POSITIVE_INFINITY,
                0,
                0);
    }

    /** The slope as the window defines it, with nothing cached: centred times, then two dots. */
    private static double reference(FloatKernels k, long[] t, float[] y, int newest, int m) {
        float[] tc = new float[m], yc = new float[m];
        long t0 = t[newest];
        double mean = 0;
        for (int i = 0; i < m; i++) {
            tc[i] = (float) ((t[newest - m + 1 + i] - t0) / 1e9);
            mean += tc[i];
            yc[i] = y[newest - m + 1 + i];
        }
        float mt = (float) (mean / m);
        for (int i = 0; i < m; i++) {
            tc[i] -= mt;
        }
        float sxx = k.dot(tc, 0, tc, 0, m);
        return sxx == 0f ? 0 : k.dot(tc, 0, yc, 0, m) / (double) sxx;
    }

    @Test
    void evenAndUnevenSpacingGiveTheUncachedSlopes() {
        FloatKernels k = Kernels.get();
        for (int jitter : new int[] {0, 1, 7}) {
            SampleWindow w = new SampleWindow(100, k);
            SplittableRandom r = new SplittableRandom(jitter);
            int n = 700;
            long[] t = new long[n];
            float[] y = new float[n];
            long now = 0;
            for (int i = 0; i < n; i++) {
                // Mostly a 100 ms period; some runs jittered, and a gap now and then.
                now += 100_000_000L + (jitter > 0 && (i / 60) % 2 == 1 ? r.nextInt(jitter) * 1_000_000L : 0);
                if (i % 250 == 0) {
                    now += 3_000_000_000L;
                }
                long free = 30_000 + r.nextInt(5_000);
                t[i] = now;
                y[i] = 65_536 - (free + 100);
                w.add(sample(now, free, r.nextInt(1000)));
                for (int m : new int[] {50, 100}) {
                    int mm = Math.min(m, i + 1);
                    double expected = mm < 3 ? 0 : reference(k, t, y, i, mm);
                    assertEquals(
                            Double.doubleToRawLongBits(expected),
                            Double.doubleToRawLongBits(w.slope(SampleWindow.Column.UNRECOVERABLE, m)),
                            "jitter " + jitter + ", sample " + i + ", window " + m);
                }
            }
        }
    }
}
