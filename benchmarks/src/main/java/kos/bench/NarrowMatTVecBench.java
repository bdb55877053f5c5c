package kos.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import kos.simd.FloatKernels;
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
 * {@code matTVecAdd} on the attention scheduler's shapes: a (features x runnable tasks) projection,
 * 24 rows and fewer than sixteen columns (one per task), where the 512-bit kernel used to run
 * entirely in scalar tails (docs/performance.md, "The busy hour").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class NarrowMatTVecBench {
    @Param({"panama-512", "scalar"})
    String impl;

    @Param({"3", "8", "13"})
    int cols;

    private static final int ROWS = 24;
    private FloatKernels k;
    private float[] m, x, y;

    @Setup
    public void setup() {
        k = BenchKernels.named(impl);
        SplittableRandom r = new SplittableRandom(11);
        m = new float[ROWS * cols];
        x = new float[ROWS];
        y = new float[cols];
        for (int i = 0; i < m.length; i++) {
            m[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < ROWS; i++) {
            x[i] = (float) r.nextGaussian() * 1e-3f;
        }
    }

    @Benchmark
    public float[] matTVecAdd() {
        k.matTVecAdd(m, 0, ROWS, cols, x, 0, y, 0);
        return y;
    }
}
