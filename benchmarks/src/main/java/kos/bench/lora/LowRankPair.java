package kos.bench.lora;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import kos.simd.FloatKernels;
import kos.simd.Kernels;

/**
 * The LoRA low-rank update, unfused (the kernels' matVec, a scaling loop, matTVecAdd: what
 * {@link FloatKernels#lowRankAdd} did before it was fused) against the fused kernel, in one JVM,
 * alternating short laps and timing each lap in thread CPU time, so that both see the same load
 * (a loaded machine moves JMH's separate iterations by more than the difference). Prints the
 * median and the best lap of each, and in how many rounds the fused one was faster.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar kos.bench.lora.LowRankPair 256x256x2 4096x4096x8</pre>
 */
public final class LowRankPair {
    private LowRankPair() {}

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        FloatKernels k = Kernels.get();
        System.out.println("kernels " + k.name());
        for (String shape : args.length == 0 ? new String[] {"256x256x2", "4096x4096x8"} : args) {
            String[] p = shape.split("x");
            int in = Integer.parseInt(p[0]), out = Integer.parseInt(p[1]), r = Integer.parseInt(p[2]);
            SplittableRandom rnd = new SplittableRandom(5);
            float[] a = fill(r * in, rnd), bt = fill(r * out, rnd), x = fill(in, rnd), y = fill(out, rnd);
            float[] u = new float[r], h = new float[r];
            Runnable unfused = () -> {
                k.matVec(a, 0, r, in, x, 0, u, 0);
                for (int i = 0; i < r; i++) {
                    h[i] = 2f * u[i];
                }
                k.matTVecAdd(bt, 0, r, out, h, 0, y, 0);
            };
            Runnable fused = () -> k.lowRankAdd(a, bt, r, in, out, 2f, x, 0, y, 0, h);
            Runnable bound = () -> KernelBounds.sumAll(a, bt, x, y);
            checkSame(k, a, bt, r, in, out, x, y);
            int calls = Math.max(1000, 20_000_000 / (r * (in + out)));
            List<String> names = List.of("unfused", "fused", "stream bound");
            List<Runnable> ops = List.of(unfused, fused, bound);
            for (int w = 0; w < 10; w++) {
                for (Runnable op : ops) {
                    lap(mx, op, calls);
                }
            }
            int rounds = 25;
            double[][] ns = new double[ops.size()][rounds];
            int fusedFaster = 0;
            for (int round = 0; round < rounds; round++) {
                for (int v = 0; v < ops.size(); v++) {
                    int at = (v + round) % ops.size();
                    ns[at][round] = lap(mx, ops.get(at), calls);
                }
                if (ns[1][round] < ns[0][round]) {
                    fusedFaster++;
                }
            }
            List<String> lines = new ArrayList<>();
            for (int v = 0; v < ops.size(); v++) {
                double[] s = ns[v].clone();
                Arrays.sort(s);
                lines.add(String.format(
                        "  %-13s median %9.1f ns   best %9.1f ns (CPU per call)", names.get(v), s[rounds / 2], s[0]));
            }
            System.out.println(
                    shape + ": " + rounds + " rounds of " + calls + " calls; fused faster in " + fusedFaster);
            lines.forEach(System.out::println);
        }
    }

    private static double lap(ThreadMXBean mx, Runnable op, int calls) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            op.run();
        }
        return (mx.getCurrentThreadCpuTime() - t0) / (double) calls;
    }

    private static void checkSame(FloatKernels k, float[] a, float[] bt, int r, int in, int out, float[] x, float[] y) {
        float[] y1 = y.clone(), y2 = y.clone(), u = new float[r], h1 = new float[r], h2 = new float[r];
        k.matVec(a, 0, r, in, x, 0, u, 0);
        for (int i = 0; i < r; i++) {
            h1[i] = 2f * u[i];
        }
        k.matTVecAdd(bt, 0, r, out, h1, 0, y1, 0);
        k.lowRankAdd(a, bt, r, in, out, 2f, x, 0, y2, 0, h2);
        for (int i = 0; i < out; i++) {
            if (Float.floatToIntBits(y1[i]) != Float.floatToIntBits(y2[i])) {
                throw new IllegalStateException("fused and unfused differ at y[" + i + "]");
            }
        }
    }

    private static float[] fill(int len, SplittableRandom rnd) {
        float[] v = new float[len];
        for (int i = 0; i < len; i++) {
            v[i] = (float) (rnd.nextDouble() - 0.5) * 0.1f;
        }
        return v;
    }
}
