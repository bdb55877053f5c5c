package kos.shell.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import kos.shell.CommandRunner;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlCommandTest {
    @TempDir
    Path dir;

    private int exec(ShellHarness h, String line) {
        h.clear();
        return h.exec(line + " --models " + dir);
    }

    @Test
    void collectTrainPromoteAbAndVersionsAreNeverOverwritten() throws Exception {
        ShellHarness h = new ShellHarness();
        assertEquals(CommandRunner.OK, exec(h, "ml collect memory-access --scenarios random --seeds 1"), h.err());
        assertTrue(h.out().contains("sha256"), h.out());
        Path data = dir.resolve("datasets/memory-access.csv");
        String original = Files.readString(data);
        assertEquals(CommandRunner.OK, exec(h, "ml train memory-access --epochs 3"), h.err());
        assertTrue(h.out().contains("epoch   1/3"), h.out());
        assertTrue(h.out().contains("saved memory-access v1 (parent none)"), h.out());
        assertEquals(CommandRunner.OK, exec(h, "ml train memory-access --epochs 2 --seed 2"), h.err());
        assertTrue(h.out().contains("saved memory-access v2 (parent v1)"), h.out());
        assertEquals(CommandRunner.OK, exec(h, "ml promote memory-access 1"), h.err());
        assertEquals(CommandRunner.OK, exec(h, "ml models --json"), h.err());
        JsonNode v = new ObjectMapper().readTree(h.out()).get("versions");
        assertEquals(2, v.size());
        assertTrue(v.get(0).get("promoted").asBoolean());
        assertFalse(v.get(0).get("dataHash").asText().isEmpty());
        assertEquals(CommandRunner.OK, exec(h, "ml ab memory-access 1 2 --scenarios strided --seeds 101,102"), h.err());
        assertTrue(h.out().contains("95% CI"), h.out());

        // bad input: one line each, nothing changed
        assertEquals(CommandRunner.FAILED, exec(h, "ml train nope"));
        assertTrue(h.err().contains("unknown model 'nope'"), h.err());
        assertEquals(1, h.err().strip().lines().count(), h.err());
        assertEquals(CommandRunner.FAILED, exec(h, "ml promote memory-access 9"));
        assertTrue(h.err().contains("no version 9"), h.err());
        assertEquals(CommandRunner.FAILED, exec(h, "ml collect memory-access --scenarios zigzag"));
        assertEquals(original, Files.readString(data));
        Files.writeString(data, original.substring(0, original.length() - 20));
        assertEquals(CommandRunner.FAILED, exec(h, "ml train memory-access"));
        assertTrue(h.err().contains("corrupted"), h.err());
        Files.writeString(data, "");
        assertEquals(CommandRunner.FAILED, exec(h, "ml train memory-access"));
        assertTrue(h.err().contains("empty"), h.err());
        assertEquals(CommandRunner.OK, exec(h, "ml models memory-access --json"));
        assertEquals(2, new ObjectMapper().readTree(h.out()).get("versions").size());
        assertEquals(CommandRunner.FAILED, exec(h, "ml models ../etc"));
        assertEquals(CommandRunner.FAILED, exec(h, "ml eval workload"));
        assertTrue(h.err().contains("no trained version"), h.err());
        assertEquals(CommandRunner.FAILED, exec(h, "ml decide"));
        assertTrue(h.err().contains("no trained version"), h.err());
        assertEquals(1, h.err().strip().lines().count(), h.err());
    }

    @Test
    void importsTheShippedWeightsAndPrefetchSwitches() {
        ShellHarness h = new ShellHarness();
        assertEquals(CommandRunner.OK, exec(h, "ml import crash-predictor"), h.err());
        assertEquals(CommandRunner.OK, exec(h, "ml import attention"), h.err());
        assertEquals(CommandRunner.OK, exec(h, "ml models"), h.err());
        assertTrue(h.out().contains("crash-predictor") && h.out().contains("attention"), h.out());
        h.clear();
        // promoted in a directory simulations do not load from: recorded, and said so
        assertEquals(CommandRunner.OK, exec(h, "ml promote attention 1"), h.err());
        assertTrue(h.out().contains("simulations load promoted weights from"), h.out());
        h.clear();
        assertEquals(CommandRunner.OK, h.exec("memctl prefetch on --with readahead"), h.err());
        assertEquals(CommandRunner.OK, h.exec("workload start file-access --pattern sequential"), h.err());
        assertEquals(CommandRunner.OK, h.exec("sim run 1s"), h.err());
        h.clear();
        assertEquals(CommandRunner.OK, h.exec("memctl prefetch stats --json"), h.err());
        assertTrue(h.out().replace(" ", "").contains("\"prefetcher\":\"readahead\""), h.out());
        assertEquals(CommandRunner.FAILED, h.exec("memctl prefetch maybe"));
    }
}
