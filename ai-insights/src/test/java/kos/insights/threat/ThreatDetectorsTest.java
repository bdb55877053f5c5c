package kos.insights.threat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import kos.ml.data.Dataset;
import org.junit.jupiter.api.Test;

class ThreatDetectorsTest {
    @Test
    void rulesCatchTheThrasherButCannotSeeTheTickCheater() {
        ThreatRunner.Outcome thrash = ThreatRunner.run("thrash", 11, true, new ThresholdRules(), null, null);
        assertTrue(thrash.detected());
        ThreatRunner.Outcome cheat = ThreatRunner.run("cheat", 11, true, new ThresholdRules(), null, null);
        assertFalse(cheat.detected(), "top's tick-charged CPU never shows the cheater");
    }

    @Test
    void xgboostTrainedOnTheCheatFindsItOnAnotherSeedAndKillingItRestoresTheVictims() {
        Dataset d = new ThreatModel().collect(List.of("cheat"), List.of(1L), () -> false);
        ThreatDetector x = XgbDetector.fit(d);
        ThreatResponder resp = new ThreatResponder(ThreatResponder.Action.KILL, Set.of());
        ThreatRunner.Outcome o = ThreatRunner.run("cheat", 12, true, x, resp, null);
        assertTrue(o.detected());
        assertTrue(o.timeToDetectionNs() <= 1_000_000_000L, "ttd " + o.timeToDetectionNs());
        ThreatRunner.Outcome none = ThreatRunner.run("cheat", 12, true, null, null, null);
        assertTrue(o.turnaroundMs() < none.turnaroundMs(), o.turnaroundMs() + " vs " + none.turnaroundMs());
        assertTrue(
                resp.audit().stream()
                        .anyMatch(e -> e.action().equals("kill") && e.detail().startsWith("worker[")),
                resp.audit().toString());
    }

    @Test
    void theResponderNeverTouchesKernelThreadsOrProtectedNamesAndAuditsTheRefusal() {
        ThreatDetector everything = new ThreatDetector() {
            @Override
            public String name() {
                return "all";
            }

            @Override
            public double score(double[] x) {
                return 1;
            }
        };
        ThreatResponder resp = new ThreatResponder(ThreatResponder.Action.KILL, Set.of("make", "editor"));
        ThreatRunner.run("benign", 3, true, everything, resp, null);
        assertTrue(resp.audit().stream()
                .anyMatch(e -> e.action().equals("skip") && e.detail().startsWith("driver[")));
        assertTrue(resp.audit().stream()
                .anyMatch(e -> e.action().equals("skip") && e.detail().startsWith("make[")));
        assertTrue(resp.audit().stream()
                .noneMatch(e -> e.action().equals("kill")
                        && (e.detail().startsWith("driver[")
                                || e.detail().startsWith("make[")
                                || e.detail().startsWith("editor["))));
        assertTrue(resp.benignActedOn() > 0, "benign kills are counted as harms");
        assertEquals(
                resp.benignActedOn(),
                resp.audit().stream().filter(e -> e.action().equals("kill")).count());
    }
}
