package kos.insights.crash;

import java.util.List;
import kos.simd.Kernels;

/**
 * Baseline: the original kernel's four-factor model, reconstructed. The original names its factors
 * (free-page decline, fragmentation, recent allocation failures, trend) and a 0..1 confidence but
 * not its weights; kos uses equal weights:
 * <ul>
 *   <li>decline = 1 - free / total;</li>
 *   <li>fragmentation = unusable free space index / 1000;</li>
 *   <li>failures = min(1, allocation failures over the last 10 samples / 5);</li>
 *   <li>trend = clamp(least-squares slope of the unusable index over the window / 100 per second, 0, 1).</li>
 * </ul>
 * confidence = (decline + fragmentation + failures + trend) / 4; the cause is fragmentation when
 * fragmentation + trend outweigh decline, else lack of memory.
 */
public final class FourFactorPredictor implements CrashPredictor {
    private static final List<String> NAMES = List.of("decline", "fragmentation", "failures", "trend");
    private final SampleWindow window = new SampleWindow(100, Kernels.get());
    private final long[] failures = new long[10];
    private int failSlot;

    @Override
    public String name() {
        return "four-factor";
    }

    @Override
    public Prediction update(MemorySample s) {
        window.add(s);
        failures[failSlot] = s.allocFailures();
        failSlot = (failSlot + 1) % failures.length;
        long recent = 0;
        for (long f : failures) {
            recent += f;
        }
        double decline = 1 - s.freePages() / (double) s.totalPages();
        double frag = s.unusableIndex() / 1000.0;
        double fail = Math.min(1, recent / 5.0);
        double trend = clamp(window.slope(SampleWindow.Column.UNUSABLE_INDEX, window.capacity()) / 100);
        double conf = (decline + frag + fail + trend) / 4;
        CrashCause cause = conf < 0.5
                ? CrashCause.NONE
                : frag + trend > decline ? CrashCause.FRAGMENTATION : CrashCause.LACK_OF_MEMORY;
        return new Prediction(s.timeNs(), conf, cause, -1, NAMES, new double[] {decline, frag, fail, trend});
    }

    @Override
    public void reset() {
        window.clear();
        java.util.Arrays.fill(failures, 0);
        failSlot = 0;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
