package kos.insights.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import kos.simd.Kernels;
import kos.simd.ScalarKernels;
import org.junit.jupiter.api.Test;

/**
 * Pins every output of kos's predictor over long sample streams: each sample's confidence, cause,
 * time to exhaustion, and every factor of its prediction (the features, each cause's probability,
 * the learned score, the projection) hashed bit for bit. Speed-ups of {@code observe} (issue 18)
 * must keep these bits; the pinned value was computed before them (session 9). The streams: evenly
 * spaced, jittered and gapped sample times; leaks, bursts and flat usage; compaction passes and
 * high-order demand; resets; with the 512-bit (or the machine's) kernels and the scalar ones.
 */
class PredictorStreamDigestTest {
    /**
     * Computed on the crash predictor of session 9 (branch s9-crash at its mid-session merge, with its
     * ramp and envelope projections) without the observe changes: the merged code gives the same bits,
     * with both kernels. Before the projections (main d307c44) it was 0x0a95d1370f00ad19.
     */
    private static final long PINNED = 0x7b55918067020e4eL;

    @Test
    void everyOutputKeepsItsBits() {
        KosPredictor.Models models = KosPredictor.Models.shipped();
        int[] seen = new int[1 + CrashCause.values().length];
        long vector = digest(new KosPredictor(models, Kernels.get()), seen);
        long scalar = digest(new KosPredictor(models, ScalarKernels.INSTANCE), new int[seen.length]);
        assertEquals(scalar, vector, "vector and scalar kernels disagree");
        assertEquals(PINNED, vector, "kos's predictor outputs changed: 0x" + Long.toHexString(vector));
        // the streams reach projections and alarms, not only quiet samples
        assertTrue(seen[0] > 1_000, "samples with a projection: " + seen[0]);
        assertTrue(seen[1 + CrashCause.FRAGMENTATION.ordinal()] > 1_000, "fragmentation alarms");
        assertTrue(seen[1 + CrashCause.NONE.ordinal()] > 1_000, "quiet samples");
    }

    /**
     * Runs the streams; {@code seen} counts the samples with a projection of exhaustion and those whose
     * cause is each {@link CrashCause} (by ordinal, after the first slot).
     */
    private static long digest(KosPredictor p, int[] seen) {
        long h = 0xcbf29ce484222325L;
        for (int stream = 0; stream < 6; stream++) {
            SplittableRandom r = new SplittableRandom(1000 + stream);
            p.reset();
            long t = 0;
            long total = 65_536;
            double used = 15_000 + r.nextInt(5_000);
            double rate = stream % 3 == 0 ? 40 : stream % 3 == 1 ? 0 : 12; // pages per sample
            for (int k = 0; k < 1_500; k++) {
                // times: even (streams 0, 3), jittered (1, 4), with gaps (2, 5)
                long step = 100_000_000L;
                if (stream % 3 == 1) {
                    step += r.nextLong(-2_000_000, 2_000_000);
                } else if (stream % 3 == 2 && r.nextInt(50) == 0) {
                    step += 1_000_000_000L * (1 + r.nextInt(4));
                }
                t += step;
                used += rate + (r.nextInt(40) == 0 ? 3_000 : 0) - (r.nextInt(60) == 0 ? 4_000 : 0);
                used = Math.max(5_000, Math.min(total - 100, used));
                long cache = r.nextLong(0, 6_000);
                long free = Math.max(0, total - (long) used - cache);
                double pinned = Math.min(1, 0.1 + k / 3_000.0 + r.nextDouble() * 0.05);
                MemorySample s = new MemorySample(
                        t,
                        total,
                        free,
                        cache,
                        512,
                        640,
                        r.nextInt(11) - (r.nextInt(20) == 0 ? 11 : 0),
                        r.nextInt(1001),
                        r.nextInt(5) == 0 ? r.nextInt(3) : 0,
                        r.nextLong(2_000_000),
                        r.nextLong(800),
                        r.nextInt(4) == 0 ? r.nextInt(3) : 0,
                        r.nextDouble(40),
                        r.nextDouble(15),
                        pinned,
                        0.8 * pinned,
                        0.6 * pinned,
                        r.nextInt(6) == 0 ? r.nextInt(10) : -1,
                        r.nextInt(3) == 0 ? r.nextDouble(30) : Double.POSITIVE_INFINITY,
                        stream >= 3 ? 16_384 : 0,
                        stream >= 3 ? r.nextLong(0, 16_384) : 0);
                p.observe(s);
                h = mix(h, Double.doubleToRawLongBits(p.confidence()));
                h = mix(h, p.cause().ordinal());
                h = mix(h, p.timeToExhaustionNs());
                seen[0] += p.timeToExhaustionNs() >= 0 ? 1 : 0;
                seen[1 + p.cause().ordinal()]++;
                if (k % 7 == 0) {
                    for (double f : p.prediction().factorValues()) {
                        h = mix(h, Double.doubleToRawLongBits(f));
                    }
                }
                if (k == 900 && stream == 4) {
                    p.reset();
                }
            }
        }
        return h;
    }

    private static long mix(long h, long v) {
        h ^= v;
        h *= 0x100000001b3L;
        return h ^ (h >>> 29);
    }
}
