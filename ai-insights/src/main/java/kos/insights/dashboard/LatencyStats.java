package kos.insights.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A latency source's statistics at one moment, all in nanoseconds of wall-clock time.
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
public record LatencyStats(int window, long p50, long p90, long p99, long p999,
                           long total, long cumP50, long cumP99, long cumP999, long cumMax, double cumMeanNs) {
    /** The original kernel's key: the window's p50 in microseconds, null while the window is empty. */
    @JsonProperty("p50_us")
    public Double p50Us() {
        return window == 0 ? null : p50 / 1000.0;
    }

    /** The original kernel's key: the window's p99 in microseconds, null while the window is empty. */
    @JsonProperty("p99_us")
    public Double p99Us() {
        return window == 0 ? null : p99 / 1000.0;
    }
}
