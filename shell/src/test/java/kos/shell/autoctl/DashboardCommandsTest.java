package kos.shell.autoctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard shows only what something measured; gates; watch; the stress comparison. */
class DashboardCommandsTest {
    private final ShellHarness sh = new ShellHarness();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void nothingMeasuredReadsNotMeasuredAndNullNeverZero() throws Exception {
        assertEquals(0, sh.exec("autoctl ai-metrics"));
        assertTrue(sh.out().contains("crash prediction accuracy   not measured"), sh.out());
        assertTrue(sh.out().contains("scheduler improvement       not measured"), sh.out());
        sh.clear();
        assertEquals(0, sh.exec("autoctl export-metrics"));
        JsonNode n = json.readTree(sh.out());
        assertTrue(n.get("crash_prediction").get("accuracy").isNull());
        assertTrue(n.get("performance").get("scheduler_improvement_rate").isNull());
        assertTrue(n.get("llm_inference").get("p99_us").isNull());
    }

    @Test
    void theAttentionSchedulerIsComparedWithCfsOnAPairedReplayThatChangesNothing() throws Exception {
        sh.exec("schedctl transformer on");
        sh.exec("workload start mixed");
        sh.exec("sim run 3s");
        sh.clear();
        sh.exec("sim digest");
        String digest = sh.out();
        sh.clear();
        assertEquals(0, sh.exec("autoctl ai-metrics --json"), sh.err());
        JsonNode n = json.readTree(sh.out());
        JsonNode perf = n.get("performance");
        assertTrue(perf.get("ctx_switch_improvement").isNumber(), n.toString());
        assertTrue(perf.get("scheduler_improvement_rate").isNumber(), n.toString());
        assertTrue(n.get("nn_inference").get("total").asLong() > 0, "attention decisions feed nn_inference");
        long base = n.get("counters").get("sched.baseline_turnaround_ns").asLong();
        long ai = n.get("counters").get("sched.ai_turnaround_ns").asLong();
        assertTrue(base > 0 && ai > 0 && base != ai, "both sides measured: " + base + " vs " + ai);
        sh.clear();
        sh.exec("sim digest");
        assertEquals(digest, sh.out(), "the replay runs in its own simulation");
        Path html = Files.createTempFile("kos-report", ".html");
        assertEquals(0, sh.exec("report " + html), sh.err());
        String page = Files.readString(html).replaceAll("\\s", "");
        assertTrue(
                page.contains("\"attention\":{\"candidates\":["), "the last decision's attention map is in the report");
        Files.delete(html);

        // The replay is what a CFS run of the same commands gives.
        ShellHarness cfs = new ShellHarness();
        cfs.exec("schedctl policy cfs");
        cfs.exec("workload start mixed");
        cfs.exec("sim run 3s");
        cfs.clear();
        cfs.exec("schedctl stats --json");
        JsonNode stats = json.readTree(cfs.out());
        assertEquals(
                stats.get("stats").get("overheadNs").asLong(),
                n.get("counters").get("ctx_switch.baseline_ns").asLong());
    }

    @Test
    void gatesSwitchSubsystemsAtRunTime() {
        sh.exec("schedctl transformer on");
        sh.exec("workload start mixed");
        sh.exec("sim run 1s");
        assertEquals(0, sh.exec("autoctl gate ai-ops off"));
        sh.clear();
        sh.exec("schedctl policy");
        assertFalse(sh.out().contains("attention"), "the attention scheduler left with its gate: " + sh.out());
        sh.clear();
        assertEquals(1, sh.exec("schedctl transformer on"));
        assertTrue(sh.err().contains("'ai-ops' feature gate is off"), sh.err());
        assertEquals(1, sh.exec("autoctl on"));
        assertEquals(1, sh.exec("autoctl gate warp-drive on"));
        assertTrue(sh.err().contains("no feature gate 'warp-drive'"), sh.err());
        assertEquals(0, sh.exec("autoctl gate ai-ops on"));
        assertEquals(0, sh.exec("schedctl transformer on"));
    }

    @Test
    void crashMonitorGateStopsPredicting() throws Exception {
        sh.exec("mem init 256MiB");
        sh.exec("workload start leak --rate 2MiB/s");
        sh.exec("sim run 2s");
        sh.exec("autoctl gate crash-monitor off");
        sh.clear();
        sh.exec("crashctl history --json");
        String before = sh.out();
        sh.exec("sim run 2s");
        sh.clear();
        sh.exec("crashctl history --json");
        assertEquals(before, sh.out(), "no prediction while the gate is off");
        sh.clear();
        sh.exec("autoctl status");
        assertTrue(sh.out().contains("crash-monitor off"), sh.out());
    }

    @Test
    void watchRedrawsAndRefusesSillyIntervals() {
        assertEquals(0, sh.exec("autoctl ai-metrics --watch 100ms --count 3"));
        assertEquals(3, sh.out().split("AI latencies", -1).length - 1);
        sh.clear();
        assertEquals(0, sh.exec("autoctl ai-metrics --watch 100ms --count 2 --json"));
        assertEquals(2, sh.out().strip().split("\n").length, "one JSON document per line");
        assertEquals(1, sh.exec("autoctl ai-metrics --watch 10ms"));
    }

    @Test
    void stressComparisonInTheOriginalsSyntax(@TempDir Path dir) throws Exception {
        assertEquals(0, sh.exec("stresstest memory --duration 3000 --target-pressure 50 --autonomy off"), sh.err());
        assertTrue(sh.err().contains("--duration 3000 read as milliseconds (3.000s)"), sh.err());
        sh.clear();
        Path csv = dir.resolve("runs.csv");
        assertEquals(0, sh.exec("stresstest compare --seeds 2 --duration 4s --leak 16 --json --csv " + csv), sh.err());
        JsonNode c = json.readTree(sh.out());
        assertEquals(4, c.get("runs").size());
        assertEquals("crashes", c.get("summary").get(0).get("measure").asText());
        assertEquals(5, Files.readAllLines(csv).size(), "a header and one row per run");
        sh.clear();
        assertEquals(1, sh.exec("stresstest compare --seeds 1 --duration 1s --csv " + dir.resolve("no/such/runs.csv")));
        assertTrue(sh.err().contains("no such directory"), sh.err());
        assertEquals(1, sh.exec("stresstest compare --seeds 0"));
    }
}
