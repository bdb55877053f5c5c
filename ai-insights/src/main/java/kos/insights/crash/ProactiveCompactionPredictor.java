package kos.insights.crash;

import java.util.List;

/**
 * Baseline: Linux proactive compaction's trigger read as a predictor. kcompactd starts compacting
 * when the fragmentation score (extfrag at order 9, 0..100) exceeds 100 - proactiveness/2 = 90 with
 * the default proactiveness 20. The sample's unusable free space index (0..1000) at order 9 is the
 * same quantity scaled by 10. Confidence 1 above the trigger, else 0; cause fragmentation.
 */
public final class ProactiveCompactionPredictor implements CrashPredictor {
    private static final List<String> NAMES = List.of("extfrag_score");
    private final int triggerScore;

    public ProactiveCompactionPredictor() {
        this(90);
    }

    public ProactiveCompactionPredictor(int triggerScore) {
        this.triggerScore = triggerScore;
    }

    @Override
    public String name() {
        return "proactive";
    }

    @Override
    public Prediction update(MemorySample s) {
        int score = s.unusableIndex() / 10;
        boolean fire = score > triggerScore;
        return new Prediction(
                s.timeNs(), fire ? 1 : 0, fire ? CrashCause.FRAGMENTATION : CrashCause.NONE, -1, NAMES, new double[] {
                    score / 100.0
                });
    }

    @Override
    public void reset() {}
}
