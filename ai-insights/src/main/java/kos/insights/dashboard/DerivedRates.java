package kos.insights.dashboard;

import kos.sim.TelemetryNames;

/**
 * The rates the original kernel's dashboard reported, derived from the counters. A rate whose
 * denominator is zero is reported as 0 (nothing measured yet), and {@code measured} says which
 * ones rest on data.
 *
 * @param followRatePct           decisions followed / decisions made, in percent
 * @param crashAccuracyPct        correct predictions / resolved predictions, in percent
 * @param ctxSwitchImprovementPct (baseline - AI) / baseline context-switch overhead, in percent
 *                                (negative: the AI policy switched more)
 * @param memorySavedMb           bytes recovered by the autonomy loop / 2^20
 * @param schedulerImprovementPct (baseline - AI) / baseline summed turnaround, in percent
 */
public record DerivedRates(double followRatePct, double crashAccuracyPct, double ctxSwitchImprovementPct,
                           double memorySavedMb, double schedulerImprovementPct) {
    static DerivedRates of(AiMetrics m) {
        return new DerivedRates(
                pct(m.count(TelemetryNames.DECISIONS_FOLLOWED), m.count(TelemetryNames.DECISIONS_MADE)),
                pct(m.count(TelemetryNames.PREDICTIONS_CORRECT), m.count(TelemetryNames.PREDICTIONS_MADE)),
                improvement(m.count(TelemetryNames.CTX_SWITCH_BASELINE_NS), m.count(TelemetryNames.CTX_SWITCH_AI_NS)),
                m.count(TelemetryNames.MEMORY_SAVED_BYTES) / (double) (1 << 20),
                improvement(m.count(TelemetryNames.SCHED_BASELINE_TURNAROUND_NS), m.count(TelemetryNames.SCHED_AI_TURNAROUND_NS)));
    }

    private static double pct(long num, long den) {
        return den == 0 ? 0 : 100.0 * num / den;
    }

    private static double improvement(long baseline, long ai) {
        return baseline == 0 ? 0 : 100.0 * (baseline - ai) / baseline;
    }
}
