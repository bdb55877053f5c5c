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
        return new EvalRun(sc, seed, "p", on, crashed, crashed ? "oom-lack-of-memory" : null, crashed ? crashS * S : -1,
                alarmS < 0 ? -1 : alarmS * S, crashed && alarmS >= 0 ? (crashS - alarmS) * S : -1, alarmForS * S, 60 * S, on ? Map.of("kill", 1) : Map.of(), new CalibrationTable());
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
    void firstAlarmRecallCountsAnAlarmThatCameAndWent() {
        // Alarm at 10 s, cleared, none at the crash at 40 s: no warning by the strict count.
        EvalRun r = new EvalRun("burst", 1, "p", false, true, "oom-lack-of-memory", 40 * S, 10 * S, -1, 3 * S, 60 * S,
                Map.of(), new CalibrationTable());
        EvalSummary s = EvalSummary.of("p", List.of(r));
        assertEquals(0.0, s.recallAt5s());
        assertEquals(1.0, s.firstAlarmRecallAt5s());
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        CrashEval.Plan plan = new CrashEval.Plan(List.of(Path.of("a.kos"), Path.of("b.kos")), List.of(1L, 2L, 3L), List.of("x", "y"), true);
        CrashEval.Runner runner = (sc, seed, p, on) -> {
            long h = (sc.toString().hashCode() * 31L + seed) * 31 + p.hashCode();
            EvalRun r = run(sc.toString(), seed, on, (h & 1) == 0, 30, (h >>> 1) % 30, 1);
            return new EvalRun(r.scenario(), r.seed(), p, r.actionsOn(), r.crashed(), r.crashCause(), r.crashNs(),
                    r.firstAlarmNs(), r.leadNs(), r.alarmNs(), r.durationNs(), r.actions(), r.calibration());
        };
        List<EvalRun> one = CrashEval.run(plan, runner, 1, n -> { }, () -> false);
        List<EvalRun> four = CrashEval.run(plan, runner, 4, n -> { }, () -> false);
        assertEquals(plan.size(), one.size());
        java.util.function.Function<List<EvalRun>, List<String>> keys = l -> l.stream()
                .map(r -> r.scenario() + r.seed() + r.predictor() + r.actionsOn() + r.crashed() + r.firstAlarmNs()).toList();
        assertEquals(keys.apply(one), keys.apply(four));
    }
}
