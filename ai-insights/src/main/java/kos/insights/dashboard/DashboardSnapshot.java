package kos.insights.dashboard;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import kos.sim.TelemetryNames;

import java.util.Map;

/**
 * The dashboard at one moment. Serialised by Jackson in the original kernel's export layout: one
 * top-level object per latency source under its name ({@code nn_inference},
 * {@code transformer_scheduler}, {@code llm_inference}, ...), then {@code decisions.follow_rate},
 * {@code crash_prediction.accuracy}, {@code performance.ctx_switch_improvement},
 * {@code performance.memory_saved_mb}, {@code performance.scheduler_improvement_rate} and the raw
 * {@code counters}. A rate with nothing behind it is {@code null} ("not measured"); every latency
 * source also carries the original's {@code p50_us} and {@code p99_us} beside kos's nanosecond fields.
 */
@JsonPropertyOrder({"decisions", "crash_prediction", "performance", "counters"})
public record DashboardSnapshot(@JsonIgnore Map<String, LatencyStats> latencies,
                                @JsonProperty("counters") Map<String, Long> counters,
                                @JsonIgnore DerivedRates rates) {

    @JsonAnyGetter
    public Map<String, LatencyStats> sources() {
        return latencies;
    }

    public record Decisions(long made, long followed, @JsonProperty("follow_rate") Double followRate) {
    }

    public record CrashPrediction(long predictions, long correct, Double accuracy) {
    }

    public record Performance(@JsonProperty("ctx_switch_improvement") Double ctxSwitchImprovement,
                              @JsonProperty("memory_saved_mb") Double memorySavedMb,
                              @JsonProperty("scheduler_improvement_rate") Double schedulerImprovementRate) {
    }

    @JsonProperty("decisions")
    public Decisions decisions() {
        return new Decisions(counter(TelemetryNames.DECISIONS_MADE), counter(TelemetryNames.DECISIONS_FOLLOWED), rates.followRatePct());
    }

    @JsonProperty("crash_prediction")
    public CrashPrediction crashPrediction() {
        return new CrashPrediction(counter(TelemetryNames.PREDICTIONS_MADE), counter(TelemetryNames.PREDICTIONS_CORRECT),
                rates.crashAccuracyPct());
    }

    @JsonProperty("performance")
    public Performance performance() {
        return new Performance(rates.ctxSwitchImprovementPct(), rates.memorySavedMb(), rates.schedulerImprovementPct());
    }

    private long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }
}
