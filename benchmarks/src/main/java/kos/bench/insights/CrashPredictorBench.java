package kos.bench.insights;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import kos.insights.crash.LivePredictor;
import kos.insights.crash.MemorySample;
import kos.insights.crash.Prediction;
import kos.insights.crash.Predictors;
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
 * One predictor step per memory sample, over a rotating set of realistic samples. {@code observe}
 * is what the crash monitor runs every sampling period (kos: the window fits, the features, the
 * hazard table and the two alarming logistic models; goal 0.3 us and 0 B/op); {@code update} is
 * that plus the {@link Prediction} record with its 31 factors, built when something reads it (the
 * learned lack-of-memory score is computed there). The baselines build their record either way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class CrashPredictorBench {
    @Param({"kos", "earlyoom", "four-factor"})
    String predictor;

    private LivePredictor p;
    private MemorySample[] samples;
    private int i;

    @Setup
    public void setup() {
        p = LivePredictor.of(Predictors.create(predictor));
        SplittableRandom r = new SplittableRandom(1);
        samples = new MemorySample[1024];
        long total = 65_536;
        for (int k = 0; k < samples.length; k++) {
            long used = 20_000 + 30L * k + r.nextInt(500);
            long cache = r.nextLong(0, 10_000);
            long free = Math.max(0, total - used - cache);
            double pinned = r.nextDouble();
            samples[k] = new MemorySample(
                    k * 100_000_000L,
                    total,
                    free,
                    cache,
                    512,
                    640,
                    r.nextInt(11),
                    r.nextInt(1001),
                    r.nextInt(3) == 0 ? 1 : 0,
                    r.nextLong(1_000_000),
                    r.nextLong(500),
                    r.nextInt(2),
                    r.nextDouble(30),
                    r.nextDouble(10),
                    pinned,
                    0.8 * pinned,
                    0.6 * pinned,
                    -1,
                    Double.POSITIVE_INFINITY,
                    0,
                    0);
        }
    }

    @Benchmark
    public double observe() {
        p.observe(samples[i]);
        i = (i + 1) & (samples.length - 1);
        if (i == 0) {
            p.reset();
        }
        return p.confidence();
    }

    @Benchmark
    public Prediction update() {
        Prediction q = p.update(samples[i]);
        i = (i + 1) & (samples.length - 1);
        if (i == 0) {
            p.reset();
        }
        return q;
    }
}
