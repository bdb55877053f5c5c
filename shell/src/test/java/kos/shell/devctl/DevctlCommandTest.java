package kos.shell.devctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import kos.shell.CommandRunner;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevctlCommandTest {
    @TempDir
    Path dir;

    @Test
    void statusHealthAndBadInput() throws Exception {
        ShellHarness h = new ShellHarness();
        assertEquals(CommandRunner.FAILED, h.exec("devctl health"));
        assertTrue(h.err().contains("devctl status"), h.err());

        h.clear();
        assertEquals(CommandRunner.OK, h.exec("devctl status --predictor rules --seed 101 --at 12h"), h.err());
        assertTrue(h.out().contains("seed 101 at 12h00m under rules (vendor rules"), h.out());
        h.clear();
        assertEquals(CommandRunner.OK, h.exec("autoctl ai-metrics --json"), h.err());
        var counters = new ObjectMapper().readTree(h.out()).get("counters");
        assertEquals(1, counters.get("device.runs").asInt(), h.out());
        assertTrue(
                counters.get("device.healthy_devices").asInt() > 0 && counters.has("device.healthy_devices_alarmed"),
                h.out());
        h.clear();
        assertEquals(CommandRunner.OK, h.exec("devctl health --json"), h.err());
        var devices = new ObjectMapper().readTree(h.out());
        assertEquals(40, devices.size(), h.out());
        assertTrue(devices.get(0).has("reallocated") && !devices.get(0).has("mode"), h.out());
        h.clear();
        assertEquals(CommandRunner.OK, h.exec("devctl health --device 3"), h.err());
        assertTrue(h.out().lines().anyMatch(l -> l.strip().startsWith("3 ")), h.out());

        // bad input: one line, the last run is unchanged
        for (String bad : new String[] {
            "devctl status --predictor magic",
            "devctl status --predictor rules --action reboot",
            "devctl status --predictor rules --at 25h",
            "devctl status --predictor rules --at 90s",
            "devctl eval --seeds 5..1",
            "devctl status --predictor mlp --version 7 --models " + dir,
            "devctl status --predictor mlp --version -1 --models " + dir,
            "devctl health --device 40"
        }) {
            h.clear();
            assertEquals(CommandRunner.FAILED, h.exec(bad), bad);
            assertEquals(1, h.err().strip().lines().count(), h.err());
        }
        h.clear();
        assertEquals(CommandRunner.OK, h.exec("devctl status --predictor rules --action none --at 1h --json"), h.err());
        assertEquals(60, new ObjectMapper().readTree(h.out()).get("minute").asInt(), h.out());

        h.clear();
        assertEquals(CommandRunner.OK, h.exec("autoctl gate device off"), h.err());
        h.clear();
        assertEquals(CommandRunner.FAILED, h.exec("devctl status --predictor rules"));
        assertTrue(h.err().contains("'device' feature gate is off"), h.err());
    }
}
