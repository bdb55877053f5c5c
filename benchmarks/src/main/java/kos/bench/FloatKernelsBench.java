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
 * Each float kernel, Vector API against its scalar twin, at a small size (a d_model-16 attention
 * row), a LoRA-sized one and a large one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class FloatKernelsBench {
    /** panama-512 (one vector per 16 lanes, the choice on AVX-512), panama-256 (two vectors), scalar. */
    @Param({"panama-512", "panama-256", "scalar"})
    String impl;

    @Param({"16", "256", "4096"})
    int n;

    private FloatKernels k;
    private float[] a, b, y, soft, matrix;
    private int rows;

    @Setup
    public void setup() {
        k = BenchKernels.named(impl);
        SplittableRandom r = new SplittableRandom(7);
        a = new float[n];
        b = new float[n];
        y = new float[n];
        soft = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
            b[i] = (float) r.nextGaussian();
        }
        rows = 16;
        matrix = new float[rows * n];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = (float) r.nextGaussian();
        }
    }

    @Benchmark
    public float dot() {
        return k.dot(a, 0, b, 0, n);
    }

    @Benchmark
    public float sum() {
        return k.sum(a, 0, n);
    }

    @Benchmark
    public float max() {
        return k.max(a, 0, n);
    }

    @Benchmark
    public float[] axpy() {
        k.axpy(1e-3f, a, 0, y, 0, n);
        return y;
    }

    /** A 16 x n matrix times a vector of n. */
    @Benchmark
    public float[] matVec16xN() {
        k.matVec(matrix, 0, rows, n, a, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] exp() {
        System.arraycopy(a, 0, soft, 0, n);
        k.exp(soft, 0, n);
        return soft;
    }

    @Benchmark
    public float[] softmax() {
        System.arraycopy(a, 0, soft, 0, n);
        k.softmax(soft, 0, n);
        return soft;
    }
}
