package kos.shell.schedctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import kos.shell.CommandRunner;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A per-workload adapter for a workload the shipped base was not trained on (io-bound): accuracy on
 * held-out decisions improves by at least 5 points, the adapter is small, and it switches in and
 * out of the running scheduler.
 */
class AdaptCommandTest {
    @TempDir
    Path models;

    @Test
    void adaptOnIoBoundThenUseAndDrop() throws Exception {
        ShellHarness h = new ShellHarness();
        assertEquals(
                CommandRunner.OK,
                h.exec("schedctl transformer adapt --workload io-bound --models " + models + " --json"),
                h.err());
        JsonNode r = new ObjectMapper().readTree(h.out());
        double before = r.get("accuracyBefore").asDouble(),
                after = r.get("accuracyAfter").asDouble();
        // +7 points since --finish-burst is on by default (session 6: the policy's decisions changed, so did
        // the held-out ones); +10 after the redesign of issue 14, +22 before it. Under +5 is a regression.
        assertTrue(after - before >= 0.05, "accuracy " + before + " -> " + after);
        assertTrue(r.get("sizeOnDisk").asLong() < 64 * 1024, "adapter files under 64 KB");
        assertTrue(Files.exists(models.resolve("io-bound").resolve("adapter_model.safetensors")));
        assertTrue(Files.exists(models.resolve("io-bound").resolve("adapter_config.json")));
        h.clear();
        assertEquals(CommandRunner.FAILED, h.exec("schedctl transformer adapt --workload io-bound --models " + models));
        assertTrue(h.err().contains("use --force to replace it"), h.err());

        h.clear();
        assertEquals(CommandRunner.OK, h.exec("schedctl transformer on"), h.err());
        assertEquals(CommandRunner.OK, h.exec("schedctl transformer adapter use io-bound --models " + models), h.err());
        assertTrue(h.out().contains("adapter io-bound on k_proj, o_proj, q_proj, v_proj"), h.out());
        assertEquals(CommandRunner.OK, h.exec("workload start io-bound --tasks 20 --load 0.7"), h.err());
        assertEquals(CommandRunner.OK, h.exec("sim run 2s"), h.err());
        assertEquals(CommandRunner.OK, h.exec("schedctl transformer adapter none"), h.err());
        assertEquals(CommandRunner.FAILED, h.exec("schedctl transformer adapter use nosuch --models " + models));
        assertEquals(CommandRunner.FAILED, h.exec("schedctl transformer adapter use ../escape --models " + models));
    }
}
