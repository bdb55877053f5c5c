package kos.insights.crash;

import java.util.List;

/**
 * Baseline: earlyoom's rule. earlyoom acts when available memory and free swap are both at or
 * below 10%; the simulated machine has no swap, so free swap always counts as exhausted and the
 * rule reduces to available memory (free plus reclaimable page cache) at or below 10% of the zone.
 * Confidence is 1 when the rule fires and 0 otherwise: earlyoom has no notion of degree.
 */
public final class EarlyOomPredictor implements CrashPredictor {
    private static final List<String> NAMES = List.of("available_fraction");
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
        double avail = s.availablePages() / (double) s.totalPages();
        boolean fire = avail <= availableFraction;
        return new Prediction(
                s.timeNs(), fire ? 1 : 0, fire ? CrashCause.LACK_OF_MEMORY : CrashCause.NONE, -1, NAMES, new double[] {
                    avail
                });
    }

    @Override
    public void reset() {}
}
