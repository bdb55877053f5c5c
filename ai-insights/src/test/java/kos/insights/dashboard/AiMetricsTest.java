package kos.insights.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kos.sim.TelemetryNames;
import org.junit.jupiter.api.Test;

class AiMetricsTest {
    @Test
    void nearestRankPercentiles() {
        LatencyWindow w = new LatencyWindow(1000);
        for (int i = 1000; i >= 1; i--) {
            w.record(i);
        }
        assertArrayEquals(new long[] {500, 900, 990, 999, 1000}, w.percentiles(50, 90, 99, 99.9, 100));
        LatencyWindow four = new LatencyWindow(10);
        for (long v : new long[] {4, 1, 3, 2}) {
            four.record(v);
        }
        assertArrayEquals(new long[] {2, 4, 1}, four.percentiles(50, 99, 25));
    }

    @Test
    void windowKeepsOnlyTheLastSamples() {
        LatencyWindow w = new LatencyWindow(3);
        for (long v : new long[] {100, 100, 100, 1, 2, 3}) {
            w.record(v);
        }
        assertEquals(3, w.size());
        assertArrayEquals(new long[] {3}, w.percentiles(100));
    }

    @Test
    void emptyWindowReportsZeros() {
        assertArrayEquals(new long[] {0, 0}, new LatencyWindow(5).percentiles(50, 99));
    }

    @Test
    void cumulativeHistogramSeesEverySample() {
        AiMetrics m = new AiMetrics();
        LatencySource s = m.source(TelemetryNames.TRANSFORMER_SCHEDULER);
        for (int i = 0; i < 5000; i++) {
            s.record(i < 4000 ? 1_000 : 1_000_000);
        }
        LatencyStats st = s.stats();
        assertEquals(1000, st.window());
        assertEquals(5000, st.total());
        assertEquals(1_000_000, st.p50(), "the window holds only the last 1000 (slow) samples");
        assertTrue(Math.abs(st.cumP50() - 1_000) <= 1, "the cumulative median is the fast one: " + st.cumP50());
    }

    @Test
    void derivedRates() {
        AiMetrics m = new AiMetrics();
        m.counter(TelemetryNames.DECISIONS_MADE).add(200);
        m.counter(TelemetryNames.DECISIONS_FOLLOWED).add(150);
        m.counter(TelemetryNames.PREDICTIONS_MADE).add(10);
        m.counter(TelemetryNames.PREDICTIONS_CORRECT).add(9);
        m.counter(TelemetryNames.CTX_SWITCH_BASELINE_NS).add(1000);
        m.counter(TelemetryNames.CTX_SWITCH_AI_NS).add(1200);
        m.counter(TelemetryNames.MEMORY_SAVED_BYTES).add(3 << 20);
        DerivedRates r = m.snapshot().rates();
        assertEquals(75.0, r.followRatePct());
        assertEquals(90.0, r.crashAccuracyPct());
        assertEquals(-20.0, r.ctxSwitchImprovementPct(), 1e-9);
        assertEquals(3.0, r.memorySavedMb());
        m.resetBaseline();
        assertNull(m.snapshot().rates().ctxSwitchImprovementPct(), "no baseline after a reset: not measured, not 0");
        assertEquals(75.0, m.snapshot().rates().followRatePct());
    }

    @Test
    void nothingMeasuredIsNullNotZero() throws Exception {
        AiMetrics m = new AiMetrics();
        DerivedRates r = m.snapshot().rates();
        assertNull(r.followRatePct());
        assertNull(r.crashAccuracyPct());
        assertNull(r.ctxSwitchImprovementPct());
        assertNull(r.memorySavedMb());
        assertNull(r.schedulerImprovementPct());
        JsonNode n = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(m.snapshot()));
        assertTrue(n.get("crash_prediction").get("accuracy").isNull());
        assertTrue(n.get("nn_inference").get("p50_us").isNull());
        // no sample yet: every percentile is null, not a measured 0 ns; the counts are 0
        for (String key : new String[] {"p50", "p90", "p99", "p999", "cumP50", "cumP99", "cumP999", "cumMax"}) {
            assertTrue(n.get("nn_inference").get(key).isNull(), key);
        }
        assertEquals(0, n.get("nn_inference").get("total").asLong());
    }

    @Test
    void neuralModelsAlsoFeedNnInference() {
        AiMetrics m = new AiMetrics();
        m.latency(TelemetryNames.CRASH_PREDICTOR).record(2_000);
        m.latency(TelemetryNames.TRANSFORMER_SCHEDULER).record(4_000);
        m.latency(TelemetryNames.LLM_INFERENCE).record(9_000_000);
        assertEquals(2, m.source(TelemetryNames.NN_INFERENCE).stats().total());
        assertEquals(1, m.source(TelemetryNames.CRASH_PREDICTOR).stats().total());
        assertEquals(1, m.source(TelemetryNames.LLM_INFERENCE).stats().total(), "the LLM is not a kos NN model");
    }

    @Test
    void comparisonSetsTheShadowBaseline() {
        AiMetrics m = new AiMetrics();
        m.comparison(1_000, 800, 10_000, 9_000);
        m.comparison(2_000, 1_000, 10_000, 12_000);
        assertEquals(50.0, m.snapshot().rates().ctxSwitchImprovementPct(), 1e-9, "the latest comparison, not a sum");
        assertEquals(-20.0, m.snapshot().rates().schedulerImprovementPct(), 1e-9);
    }

    @Test
    void exportKeepsTheOriginalKeys() throws Exception {
        AiMetrics m = new AiMetrics();
        m.latency(TelemetryNames.NN_INFERENCE).record(1234);
        m.latency("custom_source").record(5);
        m.counter(TelemetryNames.DECISIONS_MADE).add(4);
        m.counter(TelemetryNames.DECISIONS_FOLLOWED).add(1);
        JsonNode n = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(m.snapshot()));
        for (String k : new String[] {
            "nn_inference", "transformer_scheduler", "llm_inference", "crash_predictor", "custom_source"
        }) {
            assertTrue(n.has(k), "missing " + k + " in " + n);
        }
        assertEquals(1234, n.get("nn_inference").get("p50").asLong());
        assertEquals(1.234, n.get("nn_inference").get("p50_us").asDouble(), 1e-9);
        assertEquals(25.0, n.get("decisions").get("follow_rate").asDouble());
        assertTrue(n.get("crash_prediction").has("accuracy"));
        assertTrue(n.get("performance").has("ctx_switch_improvement"));
        assertTrue(n.get("performance").has("memory_saved_mb"));
        assertTrue(!n.has("latencies") && !n.has("rates"), n.toString());
    }
}
