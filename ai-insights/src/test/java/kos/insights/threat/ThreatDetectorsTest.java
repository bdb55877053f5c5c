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

    /** Scores every task {@code score} at the observations {@code flagAt} accepts (counted from 0), else 0. */
    private static ThreatDetector scoringAt(double score, java.util.function.IntPredicate flagAt) {
        return new ThreatDetector() {
            int observation;

            @Override
            public String name() {
                return "fixed";
            }

            @Override
            public double score(double[] x) {
                throw new UnsupportedOperationException();
            }

            @Override
            public double[] scoreAll(List<double[]> xs) {
                double v = flagAt.test(observation++) ? score : 0;
                double[] s = new double[xs.size()];
                java.util.Arrays.fill(s, v);
                return s;
            }
        };
    }

    @Test
    void killNeedsASecondConsecutiveFlagUnlessTheScoreIsConfident() {
        ThreatResponder first = new ThreatResponder(ThreatResponder.Action.KILL_FIRST, Set.of());
        ThreatRunner.run("benign", 3, true, scoringAt(0.6, i -> true), first, null);
        assertEquals("kill", first.audit().getFirst().action(), "kill-first kills at the first flag");

        ThreatResponder two = new ThreatResponder(ThreatResponder.Action.KILL, Set.of());
        ThreatRunner.run("benign", 3, true, scoringAt(0.6, i -> true), two, null);
        var e0 = two.audit().getFirst();
        assertEquals("observe", e0.action(), two.audit().toString());
        String who = e0.detail().substring(0, e0.detail().indexOf(']') + 1);
        var kill = two.audit().stream()
                .filter(e -> e.detail().startsWith(who) && e.action().equals("kill"))
                .findFirst()
                .orElseThrow();
        assertEquals(e0.timeNs() + ThreatRunner.OBSERVE_NS, kill.timeNs(), "killed at the next observation");

        ThreatResponder gaps = new ThreatResponder(ThreatResponder.Action.KILL, Set.of());
        ThreatRunner.Outcome o = ThreatRunner.run("benign", 3, true, scoringAt(0.6, i -> i % 2 == 0), gaps, null);
        assertTrue(gaps.audit().stream().noneMatch(e -> e.action().equals("kill")), "flags with gaps never kill");
        assertEquals(0, o.benignActedOn());

        ThreatResponder sure = new ThreatResponder(ThreatResponder.Action.KILL, Set.of());
        ThreatRunner.run("benign", 3, true, scoringAt(ThreatResponder.KILL_SCORE, i -> i % 2 == 0), sure, null);
        assertEquals("kill", sure.audit().getFirst().action(), "a confident flag kills at once");
        assertEquals(ThreatResponder.Action.KILL_FIRST, ThreatResponder.parse("kill-first"));
    }

    @Test
    void evaluationTellsItsProgressAndGivesTheSameReport() {
        List<ThreatDetector> rules = List.of(new ThresholdRules());
        var a = ThreatEval.evaluate(rules, List.of("thrash"), List.of(11L), () -> false);
        List<Integer> told = new java.util.ArrayList<>();
        var b = ThreatEval.evaluate(rules, List.of("thrash"), List.of(11L), () -> false, (done, total) -> {
            assertEquals(ThreatEval.runs(rules, List.of("thrash"), List.of(11L)), total);
            told.add(done);
        });
        assertEquals(a, b, "progress changes no result");
        assertEquals(List.of(1, 2, 3, 4), told, "attack-free, undefended, the rules, the oracle");
    }
}
