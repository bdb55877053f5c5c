package kos.sona;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import kos.nn.Linear;
import kos.simd.FloatKernels;

/**
 * The speed goals measured in <em>thread CPU time</em>, for a machine shared with other
 * work: time-slicing stops a thread's CPU clock while it waits for a core, so load inflates these
 * figures far less than wall-clock ones (cache and core sharing still do). Each figure is the last
 * of five rounds (four of warm-up). Shapes: a trajectory step of 4 rows x 16 features and a 32-float
 * embedding; a MicroLoRA at 256 x 256; exact nearest-pattern search through {@link
 * ReasoningBank#nearest} over banks of uniform random 64-d centroids in [-1, 1], 16 queries.
 * The inputs come from fixed seeds; the timings are measurements, not part of any decision.
 */
public final class SonaSpeed {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /** Banks the search is timed at. */
    public static final int[] BANK_SIZES = {1_000, 10_000, 100_000};

    /**
     * Nanoseconds of thread CPU time per operation.
     *
     * @param stepNs       trajectory step, MicroLoRA rank 1 and 2 runs
     * @param forwardNs    MicroLoRA forward 256x256, rank 1 and 2
     * @param accumulateNs MicroLoRA gradient of one decision (dA, dB) at 256x256, rank 1 and 2
     * @param searchNs     {@link ReasoningBank#nearest} over {@link #BANK_SIZES} patterns of 64 floats
     */
    public record Result(
            String kernels, double[] stepNs, double[] forwardNs, double[] accumulateNs, double[] searchNs) {}

    private SonaSpeed() {}

    public static Result measure(FloatKernels k) {
        double[] step = new double[2], fwd = new double[2], acc = new double[2];
        for (int rank = 1; rank <= 2; rank++) {
            double[] r = perDecision(k, rank);
            step[rank - 1] = r[0];
            fwd[rank - 1] = r[1];
            acc[rank - 1] = r[2];
        }
        double[] search = new double[BANK_SIZES.length];
        for (int i = 0; i < BANK_SIZES.length; i++) {
            search[i] = search(k, BANK_SIZES[i]);
        }
        return new Result(k.name(), step, fwd, acc, search);
    }

    /** Thread CPU time of one {@link ReasoningBank#nearest} over {@code n} patterns of 64 floats. */
    static double search(FloatKernels k, int n) {
        int dim = 64;
        SplittableRandom r = new SplittableRandom(3);
        ReasoningBank bank = new ReasoningBank(k, dim, 5, n, 0.05, 8);
        float[] c = new float[dim];
        for (int i = 0; i < n; i++) {
            Linear.uniform(c, 1, r);
            bank.add(c, 1, 0, 0);
        }
        float[] qs = new float[16 * dim];
        Linear.uniform(qs, 1, r);
        int iters = (int) Math.max(50, Math.min(20_000, 2e7 / n));
        double ns = 0;
        long sink = 0;
        for (int round = 0; round < 5; round++) {
            long c0 = MX.getCurrentThreadCpuTime();
            for (int i = 0; i < iters; i++) {
                sink += bank.nearest(qs, (i & 15) * dim, i).id();
            }
            ns = (MX.getCurrentThreadCpuTime() - c0) / (double) iters;
        }
        return sink == Long.MIN_VALUE ? -1 : ns;
    }

    /** {trajectory step, forward, accumulate} in ns at the given MicroLoRA rank. */
    private static double[] perDecision(FloatKernels k, int rank) {
        SplittableRandom r = new SplittableRandom(5);
        TrajectoryBuffer buffer = new TrajectoryBuffer(1 << 16, 16, 4, 32);
        float[] rows = new float[64], emb = new float[32];
        Linear.uniform(rows, 1, r);
        Linear.uniform(emb, 1, r);
        LowRankAdapter micro = LowRankAdapter.micro(k, "m", 256, 256, rank, r);
        float[] x = new float[256], y = new float[256], dy = new float[256];
        Linear.uniform(x, 1, r);
        Linear.uniform(dy, 1, r);
        for (int i = 0; i < 4; i++) {
            micro.backward(x, 0, dy, 0, null, 0, true);
            micro.countStep();
        }
        micro.apply(0.01f);
        long t = 0;
        int n = 1_000_000;
        double step = 0, forward = 0, accumulate = 0;
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
            for (int i = 0; i < n / 4; i++) {
                micro.backward(x, 0, dy, 0, null, 0, true);
            }
            long c3 = MX.getCurrentThreadCpuTime();
            micro.zeroGrad();
            step = (c1 - c0) / (double) n;
            forward = (c2 - c1) / (double) n;
            accumulate = (c3 - c2) / (double) (n / 4);
        }
        return new double[] {step, forward, accumulate + (sink && y[0] == 12345f ? 1e-9 : 0)};
    }
}
