package kos.shell.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kos.insights.crash.Predictors;
import kos.insights.eval.EvalRun;
import kos.insights.eval.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ScenarioRun#runObserving}: every predictor's actions-off run on one simulation gives the
 * records the separate runs give, field for field (calibration bins included), on scenarios that
 * crash (panic and kernel OOM kill) and one that does not.
 */
class ScenarioRunTest {
    @TempDir
    Path dir;

    @Test
    void observingRunsGiveTheRecordsOfSeparateRuns() throws Exception {
        Path killing = dir.resolve("kill.kos");
        Files.writeString(
                killing,
                "# cause: leak\nmem init 64MiB\nmemctl oom-policy kill\n"
                        + "workload start page-cache --rate 8MiB/s\nworkload start leak --rate 8MiB/s --start 1s\n"
                        + "sim run 20s\n");
        List<Scenario> scenarios = List.of(
                Scenario.of(Path.of("../examples/scenarios/leak/fast-leak.kos"), "leak"),
                Scenario.of(Path.of("../examples/scenarios/benign-high/steady-93.kos"), "benign-high"),
                Scenario.of(killing, null));
        for (Scenario sc : scenarios) {
            for (long seed = 1; seed <= 2; seed++) {
                long s = seed;
                List<ScenarioRun.Setup> setups = Predictors.NAMES.stream()
                        .map(p -> ScenarioRun.Setup.of(s, p, false, 0.8))
                        .toList();
                List<EvalRun> shared = ScenarioRun.runObserving(sc, setups);
                assertEquals(setups.size(), shared.size());
                for (int i = 0; i < setups.size(); i++) {
                    EvalRun alone = ScenarioRun.run(sc, setups.get(i), null);
                    assertSame(alone, shared.get(i), sc.name() + " seed " + seed);
                }
            }
        }
    }

    @Test
    void anActionsOnRunWhosePredictorNeverAlarmedIsItsActionsOffRun() {
        int checked = 0, acted = 0;
        for (String path : List.of(
                "../examples/scenarios/benign-high/steady-93.kos",
                "../examples/scenarios/benign-high/bursts-95.kos",
                "../examples/scenarios/leak/fast-leak.kos")) {
            Scenario sc = Scenario.of(Path.of(path), "x");
            for (long seed = 1; seed <= 2; seed++) {
                for (String p : Predictors.NAMES) {
                    EvalRun off = ScenarioRun.run(sc, ScenarioRun.Setup.of(seed, p, false, 0.8), null);
                    EvalRun on = ScenarioRun.run(sc, ScenarioRun.Setup.of(seed, p, true, 0.8), null);
                    if (ScenarioRun.sameWithActions(sc, off)) {
                        assertSame(on, off.withActionsOn(), sc.name() + " seed " + seed + " " + p);
                        checked++;
                    } else {
                        acted += on.actions().isEmpty() ? 0 : 1;
                    }
                }
            }
        }
        assertTrue(checked >= 5, "runs without an alarm were compared: " + checked);
        assertTrue(acted >= 1, "and runs with one were not derived: " + acted);
    }

    @Test
    void onlyScriptsThatCannotTellThePredictorsApartAreShared() throws Exception {
        assertTrue(ScenarioRun.observable(Path.of("../examples/scenarios/cache/hidden-leak.kos")));
        Path threshold = dir.resolve("threshold.kos");
        Files.writeString(threshold, "mem init 64MiB\nautoctl on\nsim run 1s\n");
        assertFalse(ScenarioRun.observable(threshold));
    }

    private static void assertSame(EvalRun want, EvalRun got, String what) {
        assertEquals(
                want.toString().replace(String.valueOf(want.calibration()), ""),
                got.toString().replace(String.valueOf(got.calibration()), ""),
                what);
        assertEquals(want.calibration().bins(), got.calibration().bins(), what + ": calibration");
    }
}
