package kos.insights.crash;

import java.util.List;

/**
 * Baseline: systemd-oomd's rule. It acts when memory pressure "full" avg10 stays above a limit
 * (default 60%) for longer than a duration (default 30 s). Confidence is 1 once the condition has
 * held for the duration, else 0.
 */
public final class OomdPredictor implements CrashPredictor {
    private static final List<String> NAMES = List.of("psi_full_avg10");
    private final double fullLimitPct;
    private final long durationNs;
    private long aboveSinceNs = -1;

    public OomdPredictor() {
        this(60, 30_000_000_000L);
    }

    public OomdPredictor(double fullLimitPct, long durationNs) {
        this.fullLimitPct = fullLimitPct;
        this.durationNs = durationNs;
    }

    @Override
    public String name() {
        return "oomd";
    }

    @Override
    public Prediction update(MemorySample s) {
        if (s.psiFullAvg10() > fullLimitPct) {
            if (aboveSinceNs < 0) {
                aboveSinceNs = s.timeNs();
            }
        } else {
            aboveSinceNs = -1;
        }
        boolean fire = aboveSinceNs >= 0 && s.timeNs() - aboveSinceNs > durationNs;
        return new Prediction(
                s.timeNs(), fire ? 1 : 0, fire ? CrashCause.LACK_OF_MEMORY : CrashCause.NONE, -1, NAMES, new double[] {
                    s.psiFullAvg10() / 100
                });
    }

    @Override
    public void reset() {
        aboveSinceNs = -1;
    }
}
