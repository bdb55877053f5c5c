package kos.insights.dashboard;

import kos.sim.Telemetry;
import org.HdrHistogram.Histogram;

/**
 * One named latency source: a sliding window of the last 1000 samples for recent percentiles and a
 * cumulative HdrHistogram (1 ns to 60 s, 3 significant digits) beside it for the whole history.
 * Samples above 60 s are clamped into the histogram's top bucket. Single writer.
 */
public final class LatencySource implements Telemetry.Latency {
    public static final int WINDOW = 1000;
    static final long HIGHEST_NS = 60_000_000_000L;

    private final String name;
    private final LatencyWindow window = new LatencyWindow(WINDOW);
    private final Histogram cumulative = new Histogram(1, HIGHEST_NS, 3);

    LatencySource(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public void record(long nanos) {
        long v = nanos < 1 ? 1 : Math.min(nanos, HIGHEST_NS);
        window.record(v);
        cumulative.recordValue(v);
    }

    public LatencyStats stats() {
        long[] p = window.percentiles(50, 90, 99, 99.9);
        long total = cumulative.getTotalCount();
        return new LatencyStats(
                window.size(),
                p[0],
                p[1],
                p[2],
                p[3],
                total,
                total == 0 ? 0 : cumulative.getValueAtPercentile(50),
                total == 0 ? 0 : cumulative.getValueAtPercentile(99),
                total == 0 ? 0 : cumulative.getValueAtPercentile(99.9),
                total == 0 ? 0 : cumulative.getMaxValue(),
                total == 0 ? 0 : cumulative.getMean());
    }
}
