package kos.insights.dashboard;

import kos.sim.TelemetryNames;

/**
 * The rates the original kernel's dashboard reported, derived from the counters. A rate whose
 * denominator is zero has nothing behind it and is {@code null} ("not measured"), never a
 * fabricated 0.
 *
 * @param followRatePct           decisions followed / decisions made, in percent
 * @param crashAccuracyPct        correct predictions / resolved predictions, in percent
 * @param ctxSwitchImprovementPct (baseline - AI) / baseline context-switch overhead, in percent
 *                                (negative: the AI policy switched more); measured by the shadow
 *                                baseline (a paired CFS replay of the same session)
 * @param memorySavedMb           bytes recovered by the autonomy loop / 2^20; null until the loop
 *                                has made a decision
 * @param schedulerImprovementPct (baseline - AI) / baseline mean turnaround, in percent, from the
 *                                same shadow baseline
 */
public record DerivedRates(Double followRatePct, Double crashAccuracyPct, Double ctxSwitchImprovementPct,
                           Double memorySavedMb, Double schedulerImprovementPct) {
    static DerivedRates of(AiMetrics m) {
        long decisions = m.count(TelemetryNames.DECISIONS_MADE);
        return new DerivedRates(
                pct(m.count(TelemetryNames.DECISIONS_FOLLOWED), decisions),
                pct(m.count(TelemetryNames.PREDICTIONS_CORRECT), m.count(TelemetryNames.PREDICTIONS_MADE)),
                improvement(m.count(TelemetryNames.CTX_SWITCH_BASELINE_NS), m.count(TelemetryNames.CTX_SWITCH_AI_NS)),
                decisions == 0 ? null : m.count(TelemetryNames.MEMORY_SAVED_BYTES) / (double) (1 << 20),
                improvement(m.count(TelemetryNames.SCHED_BASELINE_TURNAROUND_NS),
                        m.count(TelemetryNames.SCHED_AI_TURNAROUND_NS)));
    }

    private static Double pct(long num, long den) {
        return den == 0 ? null : 100.0 * num / den;
    }

    private static Double improvement(long baseline, long ai) {
        return baseline == 0 ? null : 100.0 * (baseline - ai) / baseline;
    }
}
