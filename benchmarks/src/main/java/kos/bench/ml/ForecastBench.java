package kos.bench.ml;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import kos.insights.forecast.KosForecaster;
import kos.insights.forecast.SeriesFeatures;
import kos.insights.forecast.WorkloadForecastModel;
import kos.insights.ml.Mlp;
import kos.insights.prefetch.MemoryAccessModel;
import kos.insights.prefetch.PrefetchRuns;
import kos.mem.AccessPattern;
import kos.mem.PageCache;
import kos.mem.StridePrefetcher;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ML models' inference costs (goal: a workload forecast under 1 us): the workload forecaster's
 * full step (observe one sample, compute its 25 features, run the 25-24-2 network, blend with Holt-Winters) and the network
 * alone, and one page-cache access with kos's prefetcher (tables plus the 9-8-1 filter on each
 * candidate). Weights are random: the cost does not depend on their values.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class ForecastBench {
    private KosForecaster forecaster;
    private Mlp mlp;
    private final double[] x = new double[SeriesFeatures.NAMES.size()], y = new double[2];
    private double[] series;
    private int i;
    private PageCache cache;
    private AccessPattern.Stream stream;
    private final long[] access = new long[3];

    static Mlp random(List<String> features, List<String> labels, int hidden, Mlp.Loss loss, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int in = features.size(), out = labels.size();
        double[] mean = new double[in], std = new double[in], w1 = new double[hidden * in], b1 = new double[hidden];
        double[] w2 = new double[out * hidden], b2 = new double[out];
        java.util.Arrays.fill(std, 1);
        for (double[] a : new double[][] {w1, b1, w2, b2}) {
            for (int k = 0; k < a.length; k++) {
                a[k] = r.nextDouble() - 0.5;
            }
        }
        return Mlp.of(new Mlp.Weights(features, labels, loss, hidden, mean, std, w1, b1, w2, b2));
    }

    @Setup(Level.Trial)
    public void setUp() {
        mlp = random(
                SeriesFeatures.NAMES,
                SeriesFeatures.LABELS,
                new WorkloadForecastModel().defaults().hidden(),
                Mlp.Loss.MSE,
                1);
        // the blend with Holt-Winters as ml eval tunes it for CPU (1 s: alpha 0.8, 10 s: alpha 0.2; gamma 0.5)
        forecaster = new KosForecaster(
                mlp,
                300,
                true,
                false,
                new KosForecaster.BlendParams(
                        new double[] {0.8, 0, 0.5}, new double[] {0.2, 0, 0.5}, 0.05, 0.005, 0.05));
        SplittableRandom r = new SplittableRandom(2);
        series = new double[4096];
        for (int k = 0; k < series.length; k++) {
            series[k] = 0.5 + 0.3 * Math.sin(k * 2 * Math.PI / 300) + 0.02 * r.nextDouble();
        }
        for (int k = 0; k < 400; k++) {
            forecaster.observe(series[k]);
        }
        for (int k = 0; k < x.length; k++) {
            x[k] = r.nextDouble();
        }
        cache = new PageCache(PrefetchRuns.CAPACITY);
        cache.prefetcher(MemoryAccessModel.prefetcher(
                random(StridePrefetcher.FEATURES, List.of("used"), 8, Mlp.Loss.LOGISTIC, 3)));
        stream = AccessPattern.INTERLEAVED.stream(new SplittableRandom(4), PrefetchRuns.TASKS);
    }

    /** One workload forecast: observe the new sample, then forecast 1 s ahead (features + network). */
    @Benchmark
    public double forecastStep() {
        forecaster.observe(series[i++ & 4095]);
        return forecaster.forecast(1);
    }

    /** The 25-24-2 network alone. */
    @Benchmark
    public double network() {
        mlp.predict(x, y);
        return y[0];
    }

    /** One page-cache access on the interleaved mix with kos's prefetcher. */
    @Benchmark
    public boolean pageCacheAccess() {
        stream.next(access);
        return cache.access((int) access[0], access[1], access[2]);
    }
}
