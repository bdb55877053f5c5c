package kos.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptTest {
    @TempDir
    Path dir;

    @Test
    void aBadValueStopsTheScriptWithFileLineAndUsageCode() throws Exception {
        ShellHarness h = new ShellHarness();
        int code = h.script(dir, "bad.kos", "# header\nsim run 1s\n\nsim run ten\nsim run 5s\n");
        assertEquals(CommandRunner.USAGE, code);
        assertTrue(h.err().contains("bad.kos:4: "), h.err());
        assertTrue(h.err().contains("'ten'"), h.err());
        assertEquals(1_000_000_000L, h.session.sim().now(), "the line after the error must not run");
    }

    @Test
    void aFailingCommandExitsWithOne() throws Exception {
        ShellHarness h = new ShellHarness();
        int code = h.script(dir, "fail.kos", "workload start nosuch\n");
        assertEquals(CommandRunner.FAILED, code);
        assertTrue(h.err().contains("fail.kos:1: unknown workload 'nosuch'"), h.err());
    }

    @Test
    void keepGoingRunsEveryLineAndKeepsTheFirstCode() throws Exception {
        ShellHarness h = new ShellHarness();
        int code = h.script(dir, "k.kos", "sim run x\nsim run 2s\nbogus\n", "--keep-going");
        assertEquals(CommandRunner.USAGE, code);
        assertEquals(2_000_000_000L, h.session.sim().now());
        assertTrue(h.err().contains("k.kos:3: "), h.err());
    }

    @Test
    void unterminatedQuoteIsReportedWithItsLine() throws Exception {
        ShellHarness h = new ShellHarness();
        assertEquals(CommandRunner.USAGE, h.script(dir, "q.kos", "sim run 1s\nsim seed 'oops\n"));
        assertTrue(h.err().contains("q.kos:2: unterminated"), h.err());
    }

    @Test
    void everyRunEndsWithTheSummaryLine() throws Exception {
        ShellHarness h = new ShellHarness();
        assertEquals(0, h.script(dir, "ok.kos", "sim run 3s\n"));
        assertTrue(h.out().contains("simulated 3.000s, 0 events, digest "), h.out());
        assertNotNull(h.lastDigest());
    }

    @Test
    void seedOptionChangesTheSimulation() throws Exception {
        ShellHarness a = new ShellHarness();
        a.script(dir, "s.kos", "sim status --json\n", "--seed", "7");
        assertTrue(a.out().contains("\"seed\" : 7"), a.out());
    }

    @Test
    void missingScriptIsAClearError() {
        ShellHarness h = new ShellHarness();
        assertEquals(CommandRunner.FAILED, h.exec("run /no/such/file.kos"));
        assertTrue(h.err().contains("no such script: /no/such/file.kos"), h.err());
    }

    @Test
    void jsonOutputIsOneDocument() throws Exception {
        ShellHarness h = new ShellHarness();
        assertEquals(0, h.exec("sim status --json"));
        JsonNode n = new ObjectMapper().readTree(h.out());
        assertEquals(42, n.get("seed").asLong());
        h.clear();
        h.exec("sim run 1s");
        h.clear();
        assertEquals(0, h.exec("sim digest --json"));
        assertEquals(
                16, new ObjectMapper().readTree(h.out()).get("digest").asText().length());
        h.clear();
        assertEquals(0, h.exec("sim trace 5 --json"));
        assertTrue(new ObjectMapper().readTree(h.out()).isArray());
    }

    @Test
    void unknownCommandIsAUsageError() {
        ShellHarness h = new ShellHarness();
        assertEquals(CommandRunner.USAGE, h.exec("simm status"));
        assertTrue(h.err().startsWith("error: "), h.err());
    }

    @Test
    void seedResetsAndChangesState() {
        ShellHarness h = new ShellHarness();
        h.exec("sim run 1s");
        h.exec("sim seed 5");
        assertEquals(0, h.session.sim().now());
        assertEquals(5, h.session.sim().seed());
        assertNotEquals(42, h.session.seed());
    }

    @Test
    void aCommandNeverSeesThePreviousCommandsFreeFormOptions() {
        ShellHarness h = new ShellHarness();
        assertEquals(0, h.exec("mem init 64MiB"));
        assertEquals(CommandRunner.FAILED, h.exec("workload start leak --bogus 1"));
        assertEquals(0, h.exec("workload start leak --rate 1MiB/s"), h.err());
        assertEquals(0, h.exec("workload start leak --rate 2MiB/s"), h.err());
        assertEquals(CommandRunner.USAGE, h.exec("workload start"));
        assertEquals(0, h.exec("workload start sawtooth --peak 8MiB"), h.err());
    }

    @Test
    void everyCommandHasHelp() {
        ShellHarness h = new ShellHarness();
        h.runner.commandLine().getSubcommands().forEach((name, cl) -> {
            h.clear();
            assertEquals(0, h.exec(name + " --help"), name);
            assertTrue(h.out().contains("Usage:"), name + ": " + h.out());
        });
    }
}
