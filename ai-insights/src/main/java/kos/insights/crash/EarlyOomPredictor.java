package kos.insights.crash;

import java.util.List;

/**
 * Baseline: earlyoom's rule. earlyoom acts when available memory (free plus reclaimable page
 * cache, of the zone) and free swap (of the swap device) are both at or below 10%; on a machine
 * without swap, free swap counts as exhausted (earlyoom's own reading of 0 of 0), so the rule
 * reduces to available memory at or below 10%. Confidence is 1 when the rule fires and 0
 * otherwise: earlyoom has no notion of degree.
 */
public final class EarlyOomPredictor implements CrashPredictor {
    private static final List<String> NAMES = List.of("available_fraction", "swap_free_fraction");
    private final double availableFraction;

    public EarlyOomPredictor() {
        this(0.10);
    }

    public EarlyOomPredictor(double availableFraction) {
        this.availableFraction = availableFraction;
    }

    @Override
    public String name() {
        return "earlyoom";
    }

    @Override
    public Prediction update(MemorySample s) {
        double avail = (s.freePages() + s.cachePages()) / (double) s.totalPages();
        double swapFree = s.swapTotalPages() == 0 ? 0 : s.swapFreePages() / (double) s.swapTotalPages();
        boolean fire = avail <= availableFraction && swapFree <= availableFraction;
        return new Prediction(
                s.timeNs(), fire ? 1 : 0, fire ? CrashCause.LACK_OF_MEMORY : CrashCause.NONE, -1, NAMES, new double[] {
                    avail, swapFree
                });
    }

    @Override
    public void reset() {}
}
