package kos.insights.dashboard;

import kos.sim.Telemetry;
import kos.sim.TelemetryNames;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
    private static final Set<String> NN_MODELS = Set.of(TelemetryNames.CRASH_PREDICTOR,
            TelemetryNames.TRANSFORMER_SCHEDULER);

    private final Map<String, LatencySource> sources = new LinkedHashMap<>();
    private final Map<String, CounterCell> counters = new TreeMap<>();

    public AiMetrics() {
        for (String s : WELL_KNOWN) {
            sources.put(s, new LatencySource(s));
        }
    }

    /**
     * The probe of a latency source. The sources of neural-network models (the crash predictor's
     * update, the attention scheduler's decision) also feed {@link TelemetryNames#NN_INFERENCE}, so
     * that source is every NN evaluation of the session, whatever the model.
     */
    @Override
    public Telemetry.Latency latency(String source) {
        LatencySource own = source(source);
        if (!NN_MODELS.contains(source)) {
            return own;
        }
        LatencySource nn = source(TelemetryNames.NN_INFERENCE);
        return nanos -> {
            own.record(nanos);
            nn.record(nanos);
        };
    }

    /** The latency source of that name (created empty on first use), for reading its statistics. */
    public LatencySource source(String name) {
        return sources.computeIfAbsent(name, LatencySource::new);
    }

    /**
     * Sets the shadow-baseline comparison: context-switch overhead and summed turnaround (both in
     * simulated ns) of the same work under the baseline policy and under the AI policy. Replaces
     * the previous comparison; {@link #resetBaseline()} clears it.
     */
    public void comparison(long baselineSwitchNs, long aiSwitchNs, long baselineTurnaroundNs, long aiTurnaroundNs) {
        set(TelemetryNames.CTX_SWITCH_BASELINE_NS, baselineSwitchNs);
        set(TelemetryNames.CTX_SWITCH_AI_NS, aiSwitchNs);
        set(TelemetryNames.SCHED_BASELINE_TURNAROUND_NS, baselineTurnaroundNs);
        set(TelemetryNames.SCHED_AI_TURNAROUND_NS, aiTurnaroundNs);
    }

    private void set(String counter, long value) {
        counters.computeIfAbsent(counter, n -> new CounterCell()).value = value;
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
