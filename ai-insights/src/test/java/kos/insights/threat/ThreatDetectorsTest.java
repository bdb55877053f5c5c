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
        ThreatDetector x = XgbDetector.fitTasks(d);
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

    /** The operator rules with their score scaled to {@code score} (1 when fired), to drive the responder's tiers. */
    private static ThreatDetector rulesScoring(double score) {
        return new ThreatDetector() {
            @Override
            public String name() {
                return "rules";
            }

            @Override
            public double score(double[] x) {
                return score * new ThresholdRules().score(x);
            }
        };
    }

    @Test
    void theGraduatedResponderKillsAtOnceOnlyWhenConfident() {
        ThreatResponder resp = new ThreatResponder(ThreatResponder.Action.GRADUATED, Set.of());
        ThreatRunner.run("thrash", 11, true, rulesScoring(ThreatResponder.KILL_SCORE), resp, null);
        assertEquals(
                List.of("kill"),
                resp.audit().stream()
                        .filter(e -> e.detail().startsWith("indexer["))
                        .map(e -> e.action())
                        .toList(),
                resp.audit().toString());
    }

    @Test
    void theGraduatedResponderObservesThenThrottlesThenKills() {
        ThreatResponder resp = new ThreatResponder(ThreatResponder.Action.GRADUATED, Set.of());
        ThreatRunner.Outcome o = ThreatRunner.run("thrash", 11, true, rulesScoring(0.6), resp, null);
        assertTrue(o.detected());
        List<String> steps = resp.audit().stream()
                .filter(e -> e.detail().startsWith("indexer["))
                .map(e -> e.action())
                .toList();
        // observed at the first flag, throttled at the second; throttled, it no longer thrashes the cache
        // at the rules' rate, so it is not flagged a third time and not killed
        assertEquals(List.of("observe", "nice"), steps, resp.audit().toString());
        ThreatResponder bomb = new ThreatResponder(ThreatResponder.Action.GRADUATED, Set.of());
        ThreatRunner.run("forkbomb", 11, true, rulesScoring(0.6), bomb, null);
        for (var e : bomb.audit()) {
            if (e.action().equals("kill")) {
                String who = e.detail().substring(0, e.detail().indexOf(']') + 1);
                assertEquals(
                        List.of("observe", "nice", "kill"),
                        bomb.audit().stream()
                                .filter(x -> x.detail().startsWith(who))
                                .map(x -> x.action())
                                .toList());
            }
        }
        assertTrue(
                bomb.audit().stream().anyMatch(e -> e.action().equals("kill")),
                bomb.audit().toString());
        assertEquals(0, o.benignKilled());
        assertEquals(
                ThreatResponder.Action.GRADUATED, ThreatResponder.parse("graduated"), "the action is parsed by name");
    }
}
