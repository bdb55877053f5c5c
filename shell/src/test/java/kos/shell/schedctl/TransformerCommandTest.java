package kos.shell.schedctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformerCommandTest {
    private final ObjectMapper json = new ObjectMapper();

    private static String ok(ShellHarness h, String line) {
        h.clear();
        assertEquals(0, h.exec(line), () -> "failed: " + line + "\n" + h.err());
        return h.out();
    }

    @Test
    void onRunStatsExplainSaveLoadOff(@TempDir Path dir) throws Exception {
        ShellHarness h = new ShellHarness();
        JsonNode on = json.readTree(ok(h, "schedctl transformer on --json"));
        assertEquals("attention", on.get("policy").asText());
        assertEquals("cfs", on.get("previous").asText());
        ok(h, "workload start mixed --tasks 60 --load 0.9");
        ok(h, "sim run 3s");
        JsonNode st = json.readTree(ok(h, "schedctl transformer stats --json"));
        long decisions = st.get("policy").get("decisions").asLong();
        assertTrue(decisions > 100, st.toString());
        // the dashboard saw one latency sample per decision, and the decision counters
        assertEquals(decisions, st.get("latency").get("total").asLong());
        assertTrue(h.session.dashboard().count(kos.sim.TelemetryNames.DECISIONS_MADE) >= decisions);
        String text = ok(h, "schedctl transformer stats");
        assertTrue(text.contains("prediction error"), text);

        JsonNode ex = json.readTree(ok(h, "schedctl transformer explain --json"));
        assertTrue(ex.get("candidates").size() >= 1);
        assertEquals(16, ex.get("features").size());
        assertTrue(ok(h, "schedctl transformer explain").contains("attention"));
        h.clear();
        assertNotEquals(0, h.exec("schedctl transformer explain 99999"));
        assertTrue(h.err().contains("not in the last decision"), h.err());

        Path f = dir.resolve("w.safetensors");
        ok(h, "schedctl transformer save " + f);
        assertTrue(Files.size(f) > 1000);
        ok(h, "schedctl transformer load " + f);
        h.clear();
        assertNotEquals(0, h.exec("schedctl transformer load " + dir.resolve("missing.safetensors")));
        assertTrue(h.err().contains("no such file"), h.err());
        ok(h, "schedctl transformer reset");
        assertEquals(0, json.readTree(ok(h, "schedctl transformer stats --json")).get("policy").get("decisions").asLong());

        JsonNode off = json.readTree(ok(h, "schedctl transformer off --json"));
        assertEquals("cfs", off.get("policy").asText());
        h.clear();
        assertNotEquals(0, h.exec("schedctl transformer stats"));
        assertTrue(h.err().contains("schedctl transformer on"), h.err());
    }

    @Test
    void policyAttentionWorksAndIsBoundToTheDashboard() throws Exception {
        ShellHarness h = new ShellHarness();
        ok(h, "schedctl policy attention --learn off");
        ok(h, "workload start interactive --tasks 30 --load 0.7");
        ok(h, "sim run 1s");
        JsonNode st = json.readTree(ok(h, "schedctl transformer stats --json"));
        assertTrue(st.get("latency").get("total").asLong() > 0);
        h.clear();
        assertNotEquals(0, h.exec("schedctl transformer on --optimizer rmsprop"));
        assertTrue(h.err().contains("rmsprop"), h.err());
    }

    @Test
    void evalJsonIsIndependentOfTheThreadCount() throws Exception {
        ShellHarness h = new ShellHarness();
        String cmd = "schedctl eval --mix mixed --load 0.9 --cpus 1 --seeds 2 --tasks 40 --policy cfs,attention,srpt --json --threads ";
        JsonNode one = json.readTree(ok(h, cmd + "1"));
        JsonNode two = json.readTree(ok(h, cmd + "2"));
        assertEquals(one, two);
        assertEquals(3, one.get("rows").size());
        assertEquals(1, one.get("attention").size());
        String table = ok(h, "schedctl eval --mix mixed --load 0.7 --cpus 1 --seeds 1 --tasks 30 --policy cfs,attention");
        assertTrue(table.contains("vs cfs % (95% CI)") && table.contains("vs best cfs/eevdf %"), table);
        h.clear();
        assertNotEquals(0, h.exec("schedctl eval --mix nonsense"));
        assertTrue(h.err().contains("unknown mix"), h.err());
    }

    @Test
    void trainWritesReproducibleWeights(@TempDir Path dir) throws Exception {
        ShellHarness h = new ShellHarness();
        String base = "schedctl transformer train --workload mixed --loads 0.9 --cpus 1 --seeds 1 --epochs 1 --tasks 40 --out ";
        ok(h, base + dir.resolve("a.safetensors"));
        JsonNode r = json.readTree(ok(h, base + dir.resolve("b.safetensors") + " --json"));
        assertEquals(1, r.get("runs").asInt());
        assertEquals(-1, Files.mismatch(dir.resolve("a.safetensors"), dir.resolve("b.safetensors")));
    }
}
