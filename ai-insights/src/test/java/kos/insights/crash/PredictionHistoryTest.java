package kos.insights.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PredictionHistoryTest {
    private static final long S = 1_000_000_000L;

    private static Prediction p(long tS, double conf) {
        return new Prediction(
                tS * S,
                conf,
                conf > 0.5 ? CrashCause.LACK_OF_MEMORY : CrashCause.NONE,
                -1,
                java.util.List.of(),
                new double[0]);
    }

    @Test
    void outcomesResolveByHorizonAndCrash() {
        PredictionHistory h = new PredictionHistory(10 * S, 100);
        h.record(p(0, 0.9), 0.8); // alarm, horizon ends at 10 s, no crash by then -> FP
        h.record(p(5, 0.1), 0.8); // no alarm, crash at 12 s is within 5..15 -> FN
        h.record(p(11, 0.95), 0.8); // alarm, crash at 12 -> TP
        h.crash(12 * S);
        PredictionHistory.Counts c = h.counts();
        assertEquals(1, c.truePositives());
        assertEquals(1, c.falsePositives());
        assertEquals(1, c.falseNegatives());
        assertEquals(0, c.trueNegatives());
        assertEquals(0.5, c.precision());
        assertEquals(0.5, c.recall());
    }

    @Test
    void quietRunResolvesAsTrueNegativesOnlyAfterTheHorizon() {
        PredictionHistory h = new PredictionHistory(10 * S, 100);
        h.record(p(0, 0.1), 0.8);
        h.record(p(10, 0.1), 0.8);
        assertEquals(0, h.counts().resolved(), "the horizon of the first has not passed at 10 s");
        h.advance(10 * S + 1);
        assertEquals(1, h.counts().trueNegatives());
        assertEquals(1, h.counts().pending());
        assertEquals(Outcome.TRUE_NEGATIVE, h.last(5).get(0).outcome());
    }

    @Test
    void thresholdInForceDecidesTheAlarm() {
        PredictionHistory h = new PredictionHistory(S, 100);
        h.record(p(0, 0.7), 0.8);
        h.record(p(0, 0.7), 0.6);
        h.crash(0);
        assertEquals(1, h.counts().truePositives());
        assertEquals(1, h.counts().falseNegatives());
    }
}
