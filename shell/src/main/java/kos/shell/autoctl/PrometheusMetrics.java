package kos.shell.autoctl;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import kos.insights.dashboard.DashboardSnapshot;
import kos.insights.dashboard.DerivedRates;
import kos.insights.dashboard.LatencyStats;
import kos.shell.app.LiveFeed;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dashboard and the live feed's latest sample as Prometheus metrics, exposed in the text format
 * by the Prometheus Java client (names, escaping and format are the client's, not ours).
 *
 * <p>Metrics: {@code kos_ai_latency_seconds{source,quantile}} (window percentiles, wall clock),
 * {@code kos_ai_events_total{counter}} (the dashboard's counters), {@code kos_ai_rate{rate}} (the
 * derived rates that are measured; an unmeasured rate is absent, not 0), and the simulation's
 * {@code kos_sim_time_seconds}, {@code kos_memory_used_ratio}, {@code kos_memory_page_cache_ratio},
 * {@code kos_psi_some_avg10}, {@code kos_psi_full_avg10}, {@code kos_crash_confidence},
 * {@code kos_crash_alarm}, {@code kos_sched_switches_total}, {@code kos_sched_runnable}.
 */
final class PrometheusMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    PrometheusMetrics(Supplier<DashboardSnapshot> dashboard, Supplier<LiveFeed.Sample> latest) {
        GaugeWithCallback.builder().name("kos_ai_latency_seconds").help("AI latency percentiles over the last 1000 samples (wall clock)")
                .labelNames("source", "quantile").callback(cb -> {
                    DashboardSnapshot d = dashboard.get();
                    if (d == null) {
                        return;
                    }
                    for (Map.Entry<String, LatencyStats> e : d.latencies().entrySet()) {
                        LatencyStats l = e.getValue();
                        if (l.window() > 0) {
                            cb.call(l.p50() / 1e9, e.getKey(), "0.5");
                            cb.call(l.p99() / 1e9, e.getKey(), "0.99");
                        }
                    }
                }).register(registry);
        CounterWithCallback.builder().name("kos_ai_events").help("The AI dashboard's counters").labelNames("counter")
                .callback(cb -> {
                    DashboardSnapshot d = dashboard.get();
                    if (d != null) {
                        d.counters().forEach((k, v) -> cb.call(v, k));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("kos_ai_rate").help("Derived AI rates in percent (memory_saved in MiB); absent until measured")
                .labelNames("rate").callback(cb -> {
                    DashboardSnapshot d = dashboard.get();
                    if (d == null) {
                        return;
                    }
                    DerivedRates r = d.rates();
                    emit(cb, r.followRatePct(), "decision_follow");
                    emit(cb, r.crashAccuracyPct(), "crash_prediction_accuracy");
                    emit(cb, r.ctxSwitchImprovementPct(), "ctx_switch_improvement");
                    emit(cb, r.memorySavedMb(), "memory_saved_mb");
                    emit(cb, r.schedulerImprovementPct(), "scheduler_improvement");
                }).register(registry);
        Map<String, SampleValue> gauges = new LinkedHashMap<>();
        gauges.put("kos_sim_time_seconds", s -> s.timeNs() / 1e9);
        gauges.put("kos_memory_used_ratio", s -> ratio(s.memUsedPct()));
        gauges.put("kos_memory_page_cache_ratio", s -> ratio(s.pageCachePct()));
        gauges.put("kos_psi_some_avg10", LiveFeed.Sample::psiSome10);
        gauges.put("kos_psi_full_avg10", LiveFeed.Sample::psiFull10);
        gauges.put("kos_crash_confidence", LiveFeed.Sample::confidence);
        gauges.put("kos_crash_alarm", s -> s.alarm() ? 1.0 : 0.0);
        gauges.put("kos_sched_runnable", s -> (double) s.runnable());
        for (Map.Entry<String, SampleValue> g : gauges.entrySet()) {
            GaugeWithCallback.builder().name(g.getKey()).help("The simulation's latest sample: " + g.getKey())
                    .callback(cb -> {
                        LiveFeed.Sample s = latest.get();
                        Double v = s == null ? null : g.getValue().of(s);
                        if (v != null) {
                            cb.call(v);
                        }
                    }).register(registry);
        }
        CounterWithCallback.builder().name("kos_sched_switches").help("Context switches of the simulated scheduler")
                .callback(cb -> {
                    LiveFeed.Sample s = latest.get();
                    if (s != null) {
                        cb.call(s.switches());
                    }
                }).register(registry);
    }

    /** One value of a sample, null when the sample has none. */
    private interface SampleValue {
        Double of(LiveFeed.Sample s);
    }

    private static Double ratio(Double pct) {
        return pct == null ? null : pct / 100;
    }

    private static void emit(GaugeWithCallback.Callback cb, Double v, String label) {
        if (v != null) {
            cb.call(v, label);
        }
    }

    String contentType() {
        return writer.getContentType();
    }

    void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
    }
}
