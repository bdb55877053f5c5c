package kos.shell.crashctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kos.shell.CommandRunner;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;

class CrashctlCommandTest {
    private static ShellHarness leaking() {
        ShellHarness h = new ShellHarness();
        for (String line : new String[] {
            "mem init 256MiB",
            "workload start steady-high --size 80MiB --ramp 2s",
            "workload start leak --rate 8MiB/s",
            "sim run 15s"
        }) {
            assertEquals(CommandRunner.OK, h.exec(line), h.err());
        }
        h.clear();
        return h;
    }

    @Test
    void statusExplainsAPredictionAsJson() throws Exception {
        ShellHarness h = leaking();
        // 3 s more: under 4 s from exhaustion. Lack of memory is scored by the hazard table over the
        // projection; the explanation names its bin, and the learned score's terms must add up.
        assertEquals(CommandRunner.OK, h.exec("sim run 3s"), h.err());
        h.clear();
        assertEquals(CommandRunner.OK, h.exec("crashctl status --json"), h.err());
        JsonNode s = new ObjectMapper().readTree(h.out());
        assertEquals("kos", s.get("predictor").asText());
        assertTrue(s.get("confidence").asDouble() > 0.5, s.toString());
        assertEquals("LACK_OF_MEMORY", s.get("cause").asText());
        assertTrue(s.get("factors").has("tte"));
        assertTrue(s.get("timeToExhaustionNs").asLong() > 0);
        JsonNode e = s.get("explanation");
        assertEquals("LACK_OF_MEMORY", e.get("cause").asText());
        assertEquals(
                kos.insights.crash.CrashFeatures.NAMES.size(), e.get("terms").size());
        assertTrue(e.get("basis").asText().contains("exhaustion projected in"), e.toString());
        assertTrue(s.get("confidence").asDouble() >= 0.8, "a 4 s projection alarms: " + s);
        double logit = e.get("bias").asDouble();
        for (JsonNode t : e.get("terms")) {
            logit += t.get("contribution").asDouble();
        }
        assertEquals(e.get("logit").asDouble(), logit, 1e-9);
        assertEquals(CommandRunner.OK, h.exec("crashctl status"));
        assertTrue(h.out().contains("why: p(lack_of_memory) = "), h.out());
    }

    @Test
    void historyAndTune() throws Exception {
        ShellHarness h = leaking();
        assertEquals(CommandRunner.OK, h.exec("crashctl history 5 --json"));
        assertEquals(5, new ObjectMapper().readTree(h.out()).size());
        assertEquals(CommandRunner.OK, h.exec("crashctl tune 0.95"));
        assertEquals(CommandRunner.FAILED, h.exec("crashctl tune 1.5"));
        assertTrue(h.err().contains("threshold must be in (0, 1]"), h.err());
        assertEquals(CommandRunner.FAILED, h.exec("crashctl predictor nosuch"));
    }

    @Test
    void autonomyKillsTheLeakBeforeThePanic() throws Exception {
        ShellHarness h = new ShellHarness();
        for (String line : new String[] {
            "autoctl on",
            "mem init 256MiB",
            "workload start steady-high --size 80MiB --ramp 2s",
            "workload start leak --rate 8MiB/s",
            "sim run 60s"
        }) {
            assertEquals(CommandRunner.OK, h.exec(line), h.err());
        }
        assertTrue(h.session.sim().crashed().isEmpty(), "the kernel must not have crashed");
        h.clear();
        assertEquals(CommandRunner.OK, h.exec("autoctl audit --json"));
        JsonNode audit = new ObjectMapper().readTree(h.out());
        // The alarm must hold 3 s before kos kills (AutonomyLoop.KILL_PERSISTENCE_NS): skips, then the kill.
        JsonNode kill = audit.get(audit.size() - 1);
        assertEquals("kill", kill.get("action").asText(), audit.toString());
        assertTrue(kill.get("detail").asText().contains("(leak)"), audit.toString());
        for (int i = 0; i + 1 < audit.size(); i++) {
            assertTrue(audit.get(i).get("detail").asText().contains("a kill needs"), audit.toString());
        }
    }

    @Test
    void statusWithoutMemorySaysWhatToDo() {
        ShellHarness h = new ShellHarness();
        assertEquals(CommandRunner.FAILED, h.exec("crashctl status"));
        assertTrue(h.err().contains("mem init"), h.err());
    }

    @Test
    void stresstestComparesOffAndOnOnTheSameSeed() throws Exception {
        ShellHarness h = new ShellHarness();
        assertEquals(
                CommandRunner.OK,
                h.exec("stresstest memory --duration 40s --target-pressure 60 --oom-probability 100 --json"),
                h.err());
        JsonNode runs = new ObjectMapper().readTree(h.out());
        assertEquals("off", runs.get(0).get("autonomy").asText());
        assertTrue(runs.get(0).get("crashed").asBoolean(), runs.toString());
        assertTrue(!runs.get(1).get("crashed").asBoolean(), runs.toString());
        assertEquals(CommandRunner.FAILED, h.exec("stresstest memory --duration 10s --target-pressure 150"));
    }
}
