package kos.bench.insights;

import kos.insights.dashboard.AiMetrics;
import kos.insights.dashboard.DashboardSnapshot;
import kos.insights.dashboard.LatencySource;
import kos.sim.Telemetry;
import kos.sim.TelemetryNames;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The dashboard's costs: recording one latency sample (window + HdrHistogram; goal a few ns, no
 * allocation: run with {@code -prof gc} to see 0 B/op), bumping a counter, and a snapshot of all
 * sources with full windows (goal well under 1 ms).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class DashboardBench {
    private AiMetrics metrics;
    private LatencySource source;
    private Telemetry.Counter counter;
    private long v;

    @Setup
    public void setup() {
        metrics = new AiMetrics();
        source = metrics.source(TelemetryNames.TRANSFORMER_SCHEDULER);
        counter = metrics.counter(TelemetryNames.DECISIONS_MADE);
        for (String s : new String[]{TelemetryNames.NN_INFERENCE, TelemetryNames.TRANSFORMER_SCHEDULER,
                TelemetryNames.LLM_INFERENCE, TelemetryNames.CRASH_PREDICTOR}) {
            for (int i = 0; i < 1000; i++) {
                metrics.latency(s).record(500 + (i * 7919L) % 100_000);
            }
        }
    }

    @Benchmark
    public void record() {
        v = (v + 7919) & 0xffff;
        source.record(200 + v);
    }

    @Benchmark
    public void count() {
        counter.add(1);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public DashboardSnapshot snapshot() {
        return metrics.snapshot();
    }
}
