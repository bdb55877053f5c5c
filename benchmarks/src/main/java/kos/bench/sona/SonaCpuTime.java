package kos.bench.sona;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import kos.nn.Linear;
import kos.simd.Kernels;
import kos.sona.BlockedPatternIndex;
import kos.sona.PatternIndex;
import kos.sona.QuantizedPatternIndex;
import kos.sona.SonaSpeed;

/**
 * The speed goals measured in <em>thread CPU time</em> rather than wall-clock time, for a
 * machine shared with other work: time-slicing stops the CPU clock while the thread waits, so a
 * loaded machine inflates these figures far less than JMH's (cache and core sharing still do).
 * Same shapes as {@link PatternSearchBench} (100K x 64 uniform in [-1, 1], 16 queries) and {@link
 * SonaBench}; the per-decision figures and the ReasoningBank's own search come from {@link SonaSpeed}
 * (what {@code sona report} prints). Five rounds each; the last is printed after four of warm-up. Run with
 * {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar kos.bench.sona.SonaCpuTime}.
 */
public final class SonaCpuTime {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private SonaCpuTime() {}

    public static void main(String[] args) {
        System.out.println("kernels " + Kernels.get().name() + "; thread CPU time per operation, last of 5 rounds");
        search();
        SonaSpeed.Result r = SonaSpeed.measure(Kernels.get());
        for (int i = 0; i < SonaSpeed.BANK_SIZES.length; i++) {
            System.out.printf(
                    Locale.ROOT,
                    "ReasoningBank.nearest over %,d x 64 (uniform): %.1f us%n",
                    SonaSpeed.BANK_SIZES[i],
                    r.searchNs()[i] / 1e3);
        }
        for (int rank = 1; rank <= 2; rank++) {
            System.out.printf(
                    Locale.ROOT,
                    "rank %d: trajectory step %.1f ns, MicroLoRA forward 256x256 %.1f ns, accumulate %.1f ns%n",
                    rank,
                    r.stepNs()[rank - 1],
                    r.forwardNs()[rank - 1],
                    r.accumulateNs()[rank - 1]);
        }
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
}
