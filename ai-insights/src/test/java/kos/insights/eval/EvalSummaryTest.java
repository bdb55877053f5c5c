package kos.insights.eval;

import kos.insights.crash.CalibrationTable;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvalSummaryTest {
    private static final long S = 1_000_000_000L;

    static EvalRun run(String sc, long seed, boolean on, boolean crashed, long crashS, long alarmS, long alarmForS) {
        return new EvalRun(sc, sc, seed, "p", on, crashed, crashed ? "oom-lack-of-memory" : null, crashed ? crashS * S : -1,
                alarmS < 0 ? -1 : alarmS * S, alarmS < 0 ? -1 : alarmS * S, crashed && alarmS >= 0 ? (crashS - alarmS) * S : -1,
                alarmForS * S, 60 * S, -1, on ? Map.of("kill", 1) : Map.of(), new CalibrationTable(), null);
    }

    @Test
    void summaryMetrics() {
        List<EvalRun> runs = List.of(
                run("leak", 1, false, true, 40, 30, 10),   // lead 10 s
                run("leak", 2, false, true, 40, 37, 3),    // lead 3 s: too late for recall at 5 s
                run("leak", 3, false, true, 40, -1, 0),    // missed
                run("calm", 1, false, false, 0, 20, 4),    // false positive
                run("calm", 2, false, false, 0, -1, 0),
                run("calm", 1, true, false, 0, 20, 4),
                run("calm", 2, true, true, 50, -1, 0),     // the actions caused this crash
                run("leak", 1, true, false, 0, 30, 10),    // prevented
                run("leak", 2, true, true, 41, 37, 4),     // not prevented
                run("leak", 3, true, false, 0, -1, 0));    // prevented
        EvalSummary s = EvalSummary.of("p", runs);
        assertEquals(3, s.crashRuns());
        assertEquals(1 / 3.0, s.recallAt5s(), 1e-12);
        assertEquals(1 / 3.0, s.firstAlarmRecallAt5s(), 1e-12);
        assertEquals(3.0, s.leadP10S());
        assertEquals(3.0, s.leadMedianS(), "nearest rank of 2 values at 50% is the first");
        assertEquals(0.5, s.falsePositiveRate());
        assertEquals(2.0, s.benignAlarmS());
        assertEquals(3, s.preventable());
        assertEquals(2 / 3.0, s.preventionRate(), 1e-12);
        assertEquals(1, s.causedCrashes());
        assertEquals(Map.of("kill", 5), s.actions());
    }

    @Test
    void firstAlarmRecallCountsOnlyACreditedAlarm() {
        // Alarm at 10 s for 3 s (long enough to act on), cleared, none at the crash at 40 s: no warning by the strict count.
        EvalRun r = new EvalRun("burst", "burst", 1, "p", false, true, "oom-lack-of-memory", 40 * S, 10 * S, 10 * S, -1, 3 * S, 60 * S,
                -1, Map.of(), new CalibrationTable(), null);
        EvalSummary s = EvalSummary.of("p", List.of(r));
        assertEquals(0.0, s.recallAt5s());
        assertEquals(1.0, s.firstAlarmRecallAt5s());
        // A flicker at 10 s that nothing could act on is not credited: the credited alarm is the one at the crash (38 s).
        EvalRun flicker = new EvalRun("burst", "burst", 1, "p", false, true, "oom-lack-of-memory", 40 * S, 10 * S, 38 * S, 2 * S, 2 * S,
                60 * S, -1, Map.of(), new CalibrationTable(), null);
        assertEquals(0.0, EvalSummary.of("p", List.of(flicker)).firstAlarmRecallAt5s());
    }

    @Test
    void failedRunsAreReportedNotCounted() {
        List<EvalRun> runs = List.of(run("leak", 1, false, true, 40, 30, 10), run("leak", 1, true, false, 0, 30, 10),
                EvalRun.failed("leak", "leak", 2, "p", true, "--owner 7 is not a live process"));
        EvalSummary s = EvalSummary.of("p", runs);
        assertEquals(1, s.failedRuns());
        assertEquals(1, s.crashRuns());
        assertEquals(1.0, s.preventionRate());
        assertEquals(List.of("leak seed 2, predictor p, actions on: --owner 7 is not a live process"), s.failures());
    }

    @Test
    void benignKillsAndTheBoundAreCounted() {
        List<EvalRun> runs = List.of(run("calm", 1, false, false, 0, -1, 0), run("calm", 1, true, false, 0, 20, 4),
                run("calm", 2, false, false, 0, -1, 0), new EvalRun("calm", "calm", 2, "p", true, false, null, -1, -1, -1, -1, 0,
                        60 * S, -1, Map.of("compact", 2), new CalibrationTable(), null));
        EvalSummary s = EvalSummary.of("p", runs);
        assertEquals(0, s.causedCrashes());
        assertEquals(1, s.benignKills(), "the kill in calm seed 1 hurt a process that would have lived");
        assertEquals(1, s.benignKillRuns());
        // a crash 3 s after its cause started was not knowable 5 s ahead: it leaves the bound's denominator
        EvalRun fast = new EvalRun("fast", "fast", 1, "p", false, true, "oom-lack-of-memory", 10 * S, -1, -1, -1, 0, 60 * S,
                7 * S, Map.of(), new CalibrationTable(), null);
        EvalSummary b = EvalSummary.of("p", List.of(fast, run("leak", 1, false, true, 40, 30, 10)));
        assertEquals(1, b.knowableAt5s());
        assertEquals(1.0, b.recallVsBound());
        assertEquals(0.5, b.recallAt5s());
    }

    @Test
    void aFailingRunnerDoesNotAbortTheEval() {
        CrashEval.Plan plan = new CrashEval.Plan(List.of(new Scenario(Path.of("a.kos"), "a", "a")), List.of(1L, 2L), List.of("x"), true);
        List<EvalRun> runs = CrashEval.run(plan, (sc, seed, p, on) -> {
            if (seed == 2 && on) {
                throw new kos.sim.KosException("boom");
            }
            return run(sc.name(), seed, on, false, 0, -1, 0);
        }, 2, n -> { }, () -> false);
        assertEquals(4, runs.size());
        assertEquals(1, runs.stream().filter(r -> !r.ok()).count());
        assertEquals("boom", runs.stream().filter(r -> !r.ok()).findFirst().orElseThrow().error());
    }

    @Test
    void jsonHasNumbersOrNullNeverNaN() throws Exception {
        EvalSummary s = EvalSummary.of("p", List.of(run("calm", 1, false, false, 0, -1, 0)));
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        org.junit.jupiter.api.Assertions.assertFalse(json.contains("NaN"), json);
        org.junit.jupiter.api.Assertions.assertTrue(json.contains("\"recallAt5s\":null"), json);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        CrashEval.Plan plan = new CrashEval.Plan(List.of(new Scenario(Path.of("a.kos"), "a", "a"), new Scenario(Path.of("b.kos"), "b", "b")),
                List.of(1L, 2L, 3L), List.of("x", "y"), true);
        CrashEval.Runner runner = (sc, seed, p, on) -> {
            long h = (sc.name().hashCode() * 31L + seed) * 31 + p.hashCode();
            EvalRun r = run(sc.name(), seed, on, (h & 1) == 0, 30, (h >>> 1) % 30, 1);
            return new EvalRun(r.scenario(), r.family(), r.seed(), p, r.actionsOn(), r.crashed(), r.crashCause(), r.crashNs(),
                    r.firstAlarmNs(), r.creditedAlarmNs(), r.leadNs(), r.alarmNs(), r.durationNs(), r.causeStartNs(), r.actions(),
                    r.calibration(), r.error());
        };
        List<EvalRun> one = CrashEval.run(plan, runner, 1, n -> { }, () -> false);
        List<EvalRun> four = CrashEval.run(plan, runner, 4, n -> { }, () -> false);
        assertEquals(plan.size(), one.size());
        java.util.function.Function<List<EvalRun>, List<String>> keys = l -> l.stream()
                .map(r -> r.scenario() + r.seed() + r.predictor() + r.actionsOn() + r.crashed() + r.firstAlarmNs()).toList();
        assertEquals(keys.apply(one), keys.apply(four));
    }
}
