package kos.bench.sona;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import kos.nn.Linear;
import kos.simd.Kernels;
import kos.sona.BlockedPatternIndex;
import kos.sona.LowRankAdapter;
import kos.sona.PatternIndex;
import kos.sona.QuantizedPatternIndex;
import kos.sona.TrajectoryBuffer;

/**
 * The speed goals measured in <em>thread CPU time</em> rather than wall-clock time, for a
 * machine shared with other work: time-slicing stops the CPU clock while the thread waits, so a
 * loaded machine inflates these figures far less than JMH's (cache and core sharing still do).
 * Same shapes as {@link PatternSearchBench} (100K x 64 uniform in [-1, 1], 16 queries) and {@link
 * SonaBench}. Five rounds each; the last is printed after four of warm-up. Run with
 * {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar kos.bench.sona.SonaCpuTime}.
 */
public final class SonaCpuTime {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private SonaCpuTime() {}

    public static void main(String[] args) {
        System.out.println("kernels " + Kernels.get().name() + "; thread CPU time per operation, last of 5 rounds");
        search();
        perDecision(1);
        perDecision(2);
    }

    private static void search() {
        int n = 100_000, dim = 64;
        SplittableRandom r = new SplittableRandom(3);
        float[] all = new float[n * dim];
        Linear.uniform(all, 1, r);
        float[] qs = new float[16 * dim];
        Linear.uniform(qs, 1, r);
        PatternIndex flat = new PatternIndex(Kernels.get(), dim, n);
        for (int i = 0; i < n; i++) {
            flat.add(all, i * dim);
        }
        BlockedPatternIndex blocked = BlockedPatternIndex.of(Kernels.get(), all, 0, n, dim);
        QuantizedPatternIndex quantized = QuantizedPatternIndex.of(Kernels.get(), all, 0, n, dim);
        for (int i = 0; i < 16; i++) {
            if (blocked.nearest(qs, i * dim) != quantized.nearest(qs, i * dim)
                    || blocked.nearest(qs, i * dim) != blocked.nearestScalar(qs, i * dim)) {
                throw new AssertionError("the searches disagree on query " + i);
            }
        }
        double[] us = new double[3];
        int maxMeasured = 0;
        for (int round = 0; round < 5; round++) {
            for (int which = 0; which < 3; which++) {
                int iters = which == 0 ? 50 : 200;
                long sink = 0, c0 = MX.getCurrentThreadCpuTime();
                for (int i = 0; i < iters; i++) {
                    int q = (i & 15) * dim;
                    sink += switch (which) {
                        case 0 -> flat.nearest(qs, q);
                        case 1 -> blocked.nearest(qs, q);
                        default -> quantized.nearest(qs, q);
                    };
                    if (which == 2) {
                        maxMeasured = Math.max(maxMeasured, quantized.lastMeasured());
                    }
                }
                us[which] = (MX.getCurrentThreadCpuTime() - c0) / 1e3 / iters + (sink == -1 ? 1 : 0);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "exact nearest of 100,000 x 64 (uniform): PatternIndex %.0f us, BlockedPatternIndex %.0f us,"
                        + " QuantizedPatternIndex %.0f us (at most %d measured in float)%n",
                us[0],
                us[1],
                us[2],
                maxMeasured);
    }

    private static void perDecision(int rank) {
        SplittableRandom r = new SplittableRandom(5);
        TrajectoryBuffer buffer = new TrajectoryBuffer(1 << 16, 16, 4, 32);
        float[] rows = new float[64], emb = new float[32];
        Linear.uniform(rows, 1, r);
        Linear.uniform(emb, 1, r);
        LowRankAdapter micro = LowRankAdapter.micro(Kernels.get(), "m", 256, 256, rank, r);
        float[] x = new float[256], y = new float[256], dy = new float[256];
        Linear.uniform(x, 1, r);
        Linear.uniform(dy, 1, r);
        for (int i = 0; i < 4; i++) {
            micro.backward(x, 0, dy, 0, null, 0, true);
            micro.countStep();
        }
        micro.apply(0.01f);
        long t = 0;
        int n = 2_000_000;
        double step = 0, forward = 0;
        boolean sink = false;
        for (int round = 0; round < 5; round++) {
            long c0 = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                if (buffer.size() == buffer.capacity()) {
                    buffer.clear();
                }
                sink ^= buffer.record(t++, rows, 0, 4, 0.5f, 0.7f, -0.1f, emb, 0);
            }
            long c1 = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                micro.forwardAdd(x, 0, y, 0);
            }
            long c2 = MX.getCurrentThreadCpuTime();
            step = (c1 - c0) / (double) n;
            forward = (c2 - c1) / (double) n;
        }
        System.out.printf(
                Locale.ROOT,
                "rank %d: trajectory step %.1f ns, MicroLoRA forward 256x256 %.1f ns%s%n",
                rank,
                step,
                forward,
                sink && y[0] == 12345f ? " " : "");
    }
}
