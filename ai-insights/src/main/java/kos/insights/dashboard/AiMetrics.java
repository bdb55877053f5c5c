package kos.insights.dashboard;

import kos.sim.Telemetry;
import kos.sim.TelemetryNames;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The AI metrics dashboard: latency sources and counters that AI components record into through
 * {@link Telemetry}, and the rates derived from them.
 *
 * <p>The four well-known sources ({@link TelemetryNames#NN_INFERENCE} and the others) exist from
 * the start, so the dashboard always shows them; other sources register on first use. Probes are
 * looked up once by their components; recording through a probe allocates nothing. Single writer:
 * the simulation thread records and reads. Wall-clock values here are for people; nothing
 * recorded here is fed back into a simulated decision.
 */
public final class AiMetrics implements Telemetry {
    private static final String[] WELL_KNOWN = {TelemetryNames.NN_INFERENCE, TelemetryNames.TRANSFORMER_SCHEDULER,
            TelemetryNames.LLM_INFERENCE, TelemetryNames.CRASH_PREDICTOR};

    private final Map<String, LatencySource> sources = new LinkedHashMap<>();
    private final Map<String, CounterCell> counters = new TreeMap<>();

    public AiMetrics() {
        for (String s : WELL_KNOWN) {
            sources.put(s, new LatencySource(s));
        }
    }

    @Override
    public LatencySource latency(String source) {
        return sources.computeIfAbsent(source, LatencySource::new);
    }

    @Override
    public Counter counter(String name) {
        return counters.computeIfAbsent(name, n -> new CounterCell());
    }

    /** The value of a counter (0 if never recorded). */
    public long count(String name) {
        CounterCell c = counters.get(name);
        return c == null ? 0 : c.value;
    }

    /** Everything at this moment. */
    public DashboardSnapshot snapshot() {
        Map<String, LatencyStats> lat = new LinkedHashMap<>();
        sources.forEach((k, v) -> lat.put(k, v.stats()));
        Map<String, Long> cnt = new TreeMap<>();
        counters.forEach((k, v) -> cnt.put(k, v.value));
        return new DashboardSnapshot(lat, cnt, DerivedRates.of(this));
    }

    /**
     * {@code autoctl reset-baseline}: zero the baseline-versus-AI comparison counters (context-switch
     * overhead and turnaround on both sides, memory saved) so a new comparison starts; latencies
     * and decision/prediction counts are kept.
     */
    public void resetBaseline() {
        for (String k : new String[]{TelemetryNames.CTX_SWITCH_BASELINE_NS, TelemetryNames.CTX_SWITCH_AI_NS,
                TelemetryNames.SCHED_BASELINE_TURNAROUND_NS, TelemetryNames.SCHED_AI_TURNAROUND_NS,
                TelemetryNames.MEMORY_SAVED_BYTES}) {
            CounterCell c = counters.get(k);
            if (c != null) {
                c.value = 0;
            }
        }
    }

    private static final class CounterCell implements Counter {
        long value;

        @Override
        public void add(long delta) {
            value += delta;
        }
    }
}
