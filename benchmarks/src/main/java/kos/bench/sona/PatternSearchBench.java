package kos.bench.sona;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import kos.nn.Linear;
import kos.simd.Kernels;
import kos.sona.BlockedPatternIndex;
import kos.sona.PatternIndex;
import kos.sona.PatternIvf;
import kos.sona.QuantizedPatternIndex;
import kos.sona.ReasoningBank;
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
 * Exact nearest-pattern search over N patterns of 64 floats: the flat scan ({@link PatternIndex#nearest})
 * on the Vector API kernels and with the scalar loop ({@code nearestScalar}), and the exact IVF index
 * ({@link PatternIvf}, sqrt(10 N) cells, 4 Lloyd iterations; the same answers). Data: {@code uniform}
 * (every coordinate uniform in [-1, 1], queries too: the worst case for any index, distances
 * concentrate) or {@code clustered} (1,000 centres uniform in [-1, 1]^64, each pattern a centre plus
 * N(0, 0.1) per coordinate; queries drawn the same way, as embeddings of recurring workloads are).
 * {@code blocked} is the flat scan over the blocked layout ({@link BlockedPatternIndex}: eight
 * patterns per vector, no per-pattern reduction), exact on any data; {@code blockedScalar} its
 * scalar twin (the same answers, bit for bit); {@code quantized} scans byte codes of the patterns
 * and measures in float only those its error bound cannot rule out ({@link QuantizedPatternIndex},
 * {@code blocked}'s answers, bit for bit). {@code bank} is what SONA runs: {@link ReasoningBank#nearest}
 * over the same centroids (blocked below {@link ReasoningBank#QUANTIZED_FROM} patterns, quantized from
 * there). Goal: 100K patterns under 1 ms.
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

    @Param({"uniform", "clustered"})
    String data;

    PatternIndex index;
    PatternIvf ivf;
    BlockedPatternIndex blocked;
    QuantizedPatternIndex quantized;
    ReasoningBank bank;
    float[] queries;
    int q;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(3);
        index = new PatternIndex(Kernels.get(), 64, patterns);
        float[] all = draw(r, patterns);
        for (int i = 0; i < patterns; i++) {
            index.add(all, i * 64);
        }
        blocked = BlockedPatternIndex.of(Kernels.get(), all, 0, patterns, 64);
        quantized = QuantizedPatternIndex.of(Kernels.get(), all, 0, patterns, 64);
        bank = new ReasoningBank(Kernels.get(), 64, 5, patterns, 0.05, 8);
        for (int i = 0; i < patterns; i++) {
            bank.add(java.util.Arrays.copyOfRange(all, i * 64, i * 64 + 64), 1, 0, 0);
        }
        ivf = PatternIvf.build(Kernels.get(), all, 0, patterns, 64, 0, 4, new SplittableRandom(4));
        queries = draw(r, 16);
    }

    private float[] draw(SplittableRandom r, int n) {
        float[] v = new float[n * 64];
        if (data.equals("uniform")) {
            Linear.uniform(v, 1, r);
            return v;
        }
        float[] centres = new float[1000 * 64];
        Linear.uniform(centres, 1, new SplittableRandom(7));
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(1000);
            for (int d = 0; d < 64; d++) {
                v[i * 64 + d] = centres[c * 64 + d] + (float) (0.1 * r.nextGaussian());
            }
        }
        return v;
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

    @Benchmark
    public int ivf() {
        q = (q + 1) & 15;
        return ivf.nearest(queries, q * 64);
    }

    @Benchmark
    public int blocked() {
        q = (q + 1) & 15;
        return blocked.nearest(queries, q * 64);
    }

    @Benchmark
    public int blockedScalar() {
        q = (q + 1) & 15;
        return blocked.nearestScalar(queries, q * 64);
    }

    @Benchmark
    public int quantized() {
        q = (q + 1) & 15;
        return quantized.nearest(queries, q * 64);
    }

    @Benchmark
    public long bank() {
        q = (q + 1) & 15;
        return bank.nearest(queries, q * 64, q).id();
    }
}
