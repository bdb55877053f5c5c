package kos.shell.threatctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import kos.shell.CommandRunner;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreatctlCommandTest {
    @TempDir
    Path dir;

    @Test
    void runStatusHistoryAndBadInput() throws Exception {
        ShellHarness h = new ShellHarness();
        assertEquals(CommandRunner.OK, h.exec("threatctl status --json"), h.err());
        assertTrue(new ObjectMapper().readTree(h.out()).get("last").isNull(), h.out());

        h.clear();
        assertEquals(
                CommandRunner.OK, h.exec("threatctl run thrash --detector rules --seed 101 --models " + dir), h.err());
        assertTrue(h.out().contains("detected"), h.out());
        h.clear();
        assertEquals(CommandRunner.OK, h.exec("autoctl ai-metrics --json"), h.err());
        var counters = new ObjectMapper().readTree(h.out()).get("counters");
        assertEquals(1, counters.get("threat.runs").asInt(), h.out());
        assertEquals(1, counters.get("threat.attacks_detected_within_1s").asInt(), h.out());
        assertEquals(0, counters.get("threat.benign_tasks_killed").asInt(), h.out());
        h.clear();
        assertEquals(CommandRunner.OK, h.exec("threatctl history"), h.err());
        assertTrue(h.out().contains("kill") && h.out().contains("indexer["), h.out());

        // bad input: one line, the last run is unchanged
        String m = " --models " + dir;
        for (String bad : new String[] {
            "threatctl run nope --detector rules" + m,
            "threatctl run thrash --detector magic" + m,
            "threatctl run thrash --detector rules --action reboot" + m,
            "threatctl eval --seeds 5..1" + m,
            "threatctl history -n 0",
            "threatctl fit --out " + dir.resolve("no/such/dir/model.json")
        }) {
            h.clear();
            assertEquals(CommandRunner.FAILED, h.exec(bad), bad);
            assertEquals(1, h.err().strip().lines().count(), h.err());
        }
        h.clear();
        assertEquals(CommandRunner.OK, h.exec("threatctl status --json"), h.err());
        assertEquals(
                "thrash",
                new ObjectMapper().readTree(h.out()).get("last").get("scenario").asText(),
                h.out());

        // with no registry version, the MLP is the shipped one: nothing is trained
        h.clear();
        assertEquals(CommandRunner.OK, h.exec("threatctl run forkbomb --seed 101 --json" + m), h.err());
        var run = new ObjectMapper().readTree(h.out());
        assertTrue(run.get("model").asText().startsWith("shipped mlp"), h.out());
        assertTrue(run.get("detected").asBoolean(), h.out());

        h.clear();
        assertEquals(CommandRunner.OK, h.exec("autoctl gate threat off"), h.err());
        h.clear();
        assertEquals(CommandRunner.FAILED, h.exec("threatctl run thrash --detector rules --models " + dir));
        assertTrue(h.err().contains("'threat' feature gate is off"), h.err());
    }
}
