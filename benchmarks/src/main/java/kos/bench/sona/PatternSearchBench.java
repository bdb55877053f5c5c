package kos.bench.sona;

import kos.nn.Linear;
import kos.sona.PatternIndex;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Exact nearest-pattern search ({@link PatternIndex#nearest}) over N patterns of 64 floats, on the
 * Vector API kernels and with the scalar loop ({@code nearestScalar}). Goal: 100K patterns under 1 ms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class PatternSearchBench {
    @Param({"1000", "10000", "100000"})
    int patterns;

    PatternIndex index;
    float[] queries;
    int q;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(3);
        index = new PatternIndex(Kernels.get(), 64, patterns);
        float[] v = new float[64];
        for (int i = 0; i < patterns; i++) {
            Linear.uniform(v, 1, r);
            index.add(v, 0);
        }
        queries = new float[64 * 16];
        Linear.uniform(queries, 1, r);
    }

    @Benchmark
    public int nearest() {
        q = (q + 1) & 15;
        return index.nearest(queries, q * 64);
    }

    @Benchmark
    public int nearestScalar() {
        q = (q + 1) & 15;
        return index.nearestScalar(queries, q * 64);
    }
}
