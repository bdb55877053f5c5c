package kos.insights.dashboard;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A latency source's statistics at one moment, all in nanoseconds of wall-clock time. While no sample
 * has been recorded the percentiles are 0 here and null in JSON (a latency of 0 ns was never measured).
 *
 * @param window     samples in the sliding window (at most its capacity, 1000)
 * @param p50        nearest-rank percentiles over the window (see {@link LatencyWindow})
 * @param p90        ...
 * @param p99        ...
 * @param p999       ...
 * @param total      samples recorded since the last reset (the cumulative histogram's count)
 * @param cumP50     cumulative percentiles from the HdrHistogram (3 significant digits)
 * @param cumP99     ...
 * @param cumP999    ...
 * @param cumMax     the largest sample ever recorded (clamped to the histogram's 60 s range)
 * @param cumMeanNs  the cumulative mean
 */
public record LatencyStats(
        int window,
        long p50,
        long p90,
        long p99,
        long p999,
        long total,
        long cumP50,
        long cumP99,
        long cumP999,
        long cumMax,
        double cumMeanNs) {
    /**
     * The JSON form: the components by name, each percentile null while its source is empty, and the
     * original kernel's keys {@code p50_us} and {@code p99_us} (the window's p50 and p99 in microseconds).
     */
    @JsonValue
    Map<String, Object> json() {
        boolean w = window > 0, c = total > 0;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window", window);
        m.put("p50", w ? p50 : null);
        m.put("p90", w ? p90 : null);
        m.put("p99", w ? p99 : null);
        m.put("p999", w ? p999 : null);
        m.put("total", total);
        m.put("cumP50", c ? cumP50 : null);
        m.put("cumP99", c ? cumP99 : null);
        m.put("cumP999", c ? cumP999 : null);
        m.put("cumMax", c ? cumMax : null);
        m.put("cumMeanNs", c ? cumMeanNs : null);
        m.put("p50_us", w ? p50 / 1000.0 : null);
        m.put("p99_us", w ? p99 / 1000.0 : null);
        return m;
    }
}
