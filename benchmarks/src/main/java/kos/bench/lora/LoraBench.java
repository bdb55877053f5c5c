package kos.bench.lora;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import kos.lora.layer.LoraConfig;
import kos.lora.layer.LoraLinear;
import kos.nn.Linear;
import kos.simd.FloatKernels;
import kos.simd.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A LoRA-wrapped linear layer at the shapes "in x out x r":
 * <ul>
 *   <li>{@code forwardDelta}: the adapter path alone, {@code y += scaling * B (A x)} (what the
 *       reference measurements time; goals: 256x256x2 under 60 ns, 4096x4096x8 under 2 us);</li>
 *   <li>{@code forwardFull}: {@code y = W x + scaling * B (A x)}, dominated by the dense W x;</li>
 *   <li>{@code backwardAdapter}: gradients of A and B for a given dy (the frozen base needs none);</li>
 *   <li>{@code backwardWithDx}: the same plus {@code dx = W^T dy + A^T g}, again dominated by W.</li>
 * </ul>
 * Uses the kernels {@link Kernels#get()} chose; {@link LoraScalarBench} forces the scalar twin.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class LoraBench {
    @Param({"128x128x8", "256x256x2", "4096x4096x8"})
    String shape;

    LoraLinear layer;
    private static final FloatKernels PANAMA_256 = Kernels.panamaVariants().stream()
            .filter(k -> k.name().equals("panama-256"))
            .findFirst()
            .orElseThrow();

    float[] x, y, dy, dx, a, bt, u, h;
    int in, out, r;

    @Setup
    public void setup() {
        String[] p = shape.split("x");
        in = Integer.parseInt(p[0]);
        out = Integer.parseInt(p[1]);
        r = Integer.parseInt(p[2]);
        SplittableRandom rnd = new SplittableRandom(11);
        layer = new LoraLinear(Linear.kaimingUniform("fc", in, out, false, rnd), 1);
        float[] b = new float[out * r];
        Linear.uniform(b, 0.01, rnd);
        layer.addAdapter("default", new LoraConfig(r, 2f * r, 0f, false, List.of("fc")), rnd)
                .setLoraB(b);
        x = new float[in];
        dx = new float[in];
        y = new float[out];
        dy = new float[out];
        Linear.uniform(x, 1, rnd);
        Linear.uniform(dy, 1e-6, rnd);
        layer.forward(x, 0, y, 0);
        a = layer.adapter("default").loraA();
        bt = new float[r * out];
        Linear.uniform(bt, 0.01, rnd);
        u = new float[r];
        h = new float[r];
    }

    /** The first half of the delta path alone: {@code u = A x} (r dot products of length in). */
    @Benchmark
    public float[] deltaDownProjection() {
        Kernels.get().matVec(a, 0, r, in, x, 0, u, 0);
        return u;
    }

    /** The second half alone: {@code y += B u} as r lane-wise passes over y. */
    @Benchmark
    public float[] deltaUpProjection() {
        Kernels.get().matTVecAdd(bt, 0, r, out, u, 0, y, 0);
        return y;
    }

    /**
     * The delta path as it ran before {@link kos.simd.FloatKernels#lowRankAdd} (the baseline of
     * docs/performance.md): the 256-bit kernels' matVec, a scaling loop and matTVecAdd.
     */
    @Benchmark
    public float[] forwardDeltaBefore() {
        FloatKernels k256 = PANAMA_256;
        k256.matVec(a, 0, r, in, x, 0, u, 0);
        for (int i = 0; i < r; i++) {
            h[i] = 2f * u[i];
        }
        k256.matTVecAdd(bt, 0, r, out, h, 0, y, 0);
        return y;
    }

    /**
     * The same composition as {@link #forwardDeltaBefore} on the chosen kernels (their matVec, a
     * scaling loop and matTVecAdd, which is {@link FloatKernels#lowRankAdd}'s default): the
     * unfused path to compare the fused kernel with in the same run.
     */
    @Benchmark
    public float[] forwardDeltaUnfused() {
        FloatKernels k = Kernels.get();
        k.matVec(a, 0, r, in, x, 0, u, 0);
        for (int i = 0; i < r; i++) {
            h[i] = 2f * u[i];
        }
        k.matTVecAdd(bt, 0, r, out, h, 0, y, 0);
        return y;
    }

    /**
     * A bound, not a kernel: reads the bytes {@link #forwardDelta} must read (A, B transposed, x
     * and y) and does one lane-wise add per 16 floats into eight independent accumulators. At 4096x4096x8
     * the 288 KiB do not fit in L1, so this is the time the memory hierarchy needs to deliver them.
     */
    @Benchmark
    public float streamBound() {
        return KernelBounds.sumAll(a, bt, x, y);
    }

    @Benchmark
    public float[] forwardDelta() {
        layer.forwardDelta(x, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] forwardFull() {
        layer.forward(x, 0, y, 0);
        return y;
    }

    @Benchmark
    public LoraLinear backwardAdapter() {
        layer.backward(x, 0, dy, 0, null, 0);
        return layer;
    }

    @Benchmark
    public float[] backwardWithDx() {
        layer.backward(x, 0, dy, 0, dx, 0);
        return dx;
    }
}
