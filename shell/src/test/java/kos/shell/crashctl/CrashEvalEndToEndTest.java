package kos.shell.crashctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import kos.shell.CommandRunner;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small evaluation through the real command (one seed): kos's predictor against the earlyoom rule
 * on a slow leak and on benign steady 91-95% usage, actions off then on, plus a scenario that fails
 * on purpose. The full suite is a command (docs/crash-prediction.md), not a test.
 */
class CrashEvalEndToEndTest {
    @TempDir
    static Path dir;

    private static String text;
    private static String command;
    private static JsonNode kos, earlyoom, byFamily;

    @BeforeAll
    static void evaluate() throws Exception {
        Path broken = dir.resolve("broken.kos");
        Files.writeString(broken, "# family: broken\nmem init 64MiB\nworkload start leak --owner 999\nsim run 5s\n");
        ShellHarness h = new ShellHarness();
        command =
                "crashctl eval --scenarios ../examples/scenarios/leak/slow-leak.kos,../examples/scenarios/benign-high/steady-93.kos,"
                        + broken + " --seeds 1 --predictor kos,earlyoom --runs --by-family --json --threads ";
        int code = h.exec(command + 2);
        assertEquals(CommandRunner.OK, code, h.err());
        text = h.out();
        JsonNode report = new ObjectMapper().readTree(text);
        assertEquals(12, report.get("runs").size(), "3 scenarios x 1 seed x 2 predictors x actions off/on");
        kos = report.get("predictors").get(0);
        earlyoom = report.get("predictors").get(1);
        byFamily = report.get("byFamily");
        assertEquals("kos", kos.get("predictor").asText());
    }

    @Test
    void oneThreadGivesTheSameReportAsTwo() {
        ShellHarness h = new ShellHarness();
        assertEquals(CommandRunner.OK, h.exec(command + 1), h.err());
        assertEquals(text, h.out(), "runs are merged in plan order whatever the pool size");
    }

    @Test
    void aFailingRunIsReportedWithItsPredictorAndPassAndTheRestIsMeasured() {
        assertEquals(2, kos.get("failedRuns").asInt());
        assertTrue(
                kos.get("failures").get(0).asText().startsWith("broken seed 1, predictor kos, actions off: "),
                kos.get("failures").toString());
        assertEquals(1, kos.get("crashRuns").asInt());
        assertEquals(1, kos.get("benignRuns").asInt());
    }

    @Test
    void jsonHasNumbersOrNullNeverNaN() {
        assertFalse(text.contains("NaN"), "NaN in the JSON");
        // the failed family has no runs to rate: null, not "NaN"
        JsonNode broken = null;
        for (JsonNode row : byFamily) {
            if (row.get("family").asText().equals("broken")
                    && row.get("summary").get("predictor").asText().equals("kos")) {
                broken = row.get("summary");
            }
        }
        assertTrue(broken != null && broken.get("recallAt5s").isNull(), String.valueOf(broken));
    }

    @Test
    void earlyoomsKillInTheBenignRunIsCountedAsHarm() {
        // steady 91-95% usage: available memory sits under earlyoom's 10%, so it alarms and kills a
        // process that would have lived; the harm is counted beside "caused" (which stays 0).
        assertEquals(1.0, earlyoom.get("falsePositiveRate").asDouble());
        assertTrue(earlyoom.get("benignKills").asInt() >= 1, earlyoom.toString());
        assertEquals(1, earlyoom.get("benignKillRuns").asInt());
        assertEquals(0, earlyoom.get("causedCrashes").asInt());
    }

    @Test
    void theSlowLeakCrashesWithoutActionAndIsKnowableAndPreventedWithThem() {
        for (JsonNode p : new JsonNode[] {kos, earlyoom}) {
            assertEquals(1, p.get("knowableAt5s").asInt(), "the leak started long before the crash");
            assertEquals(1.0, p.get("preventionRate").asDouble(), p.toString());
        }
    }
}
