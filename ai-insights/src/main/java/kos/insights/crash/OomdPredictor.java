package kos.insights.crash;

import java.util.List;

/**
 * Baseline: systemd-oomd's two rules. It acts when memory pressure "full" avg10 stays above a limit
 * (default 60%) for longer than a duration (default 30 s), or, on a machine with swap, when swap
 * use exceeds a limit (SwapUsedLimit, default 90%; the ManagedOOMSwap=kill rule). Confidence is 1
 * once either condition holds, else 0.
 */
public final class OomdPredictor implements CrashPredictor {
    private static final List<String> NAMES = List.of("psi_full_avg10", "swap_used_fraction");
    /** systemd-oomd's default SwapUsedLimit. */
    public static final double SWAP_USED_LIMIT = 0.90;

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
        double swapUsed = s.swapTotalPages() == 0 ? 0 : 1 - s.swapFreePages() / (double) s.swapTotalPages();
        boolean fire = aboveSinceNs >= 0 && s.timeNs() - aboveSinceNs > durationNs || swapUsed > SWAP_USED_LIMIT;
        return new Prediction(
                s.timeNs(), fire ? 1 : 0, fire ? CrashCause.LACK_OF_MEMORY : CrashCause.NONE, -1, NAMES, new double[] {
                    s.psiFullAvg10() / 100, swapUsed
                });
    }

    @Override
    public void reset() {
        aboveSinceNs = -1;
    }
}
