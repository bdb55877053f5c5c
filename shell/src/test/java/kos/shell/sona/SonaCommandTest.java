package kos.shell.sona;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kos.attn.AttentionPolicy;
import kos.nn.Linear;
import kos.sched.Scheduler;
import kos.shell.ShellHarness;
import kos.sim.TelemetryNames;
import kos.sona.SonaLinear;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SonaCommandTest {
    private final ObjectMapper json = new ObjectMapper();

    private static String ok(ShellHarness h, String line) {
        h.clear();
        assertEquals(0, h.exec(line), () -> "failed: " + line + "\n" + h.err());
        return h.out();
    }

    private static String fails(ShellHarness h, String line) {
        h.clear();
        assertNotEquals(0, h.exec(line), () -> "should fail: " + line);
        String err = h.err().strip();
        assertFalse(err.contains("\n") || err.contains("Exception"), "one clear line: " + err);
        return err;
    }

    private static AttentionPolicy policy(ShellHarness h) {
        return (AttentionPolicy) Scheduler.of(h.session.sim()).queue(0);
    }

    @Test
    void gateLoopsPatternsEwcAndBadInput(@TempDir Path dir) throws Exception {
        ShellHarness h = new ShellHarness();
        assertFalse(json.readTree(ok(h, "sona status --json")).get("on").asBoolean());
        assertTrue(fails(h, "sona on").contains("schedctl transformer on"));
        ok(h, "schedctl transformer on --learn off");
        assertTrue(fails(h, "sona on --rank 3").contains("rank must be 1 or 2"));
        assertTrue(fails(h, "sona on --lambda 50").contains("100..15000"));
        assertInstanceOf(Linear.class, policy(h).model().layers().get("q_proj"), "a refused 'on' changed nothing");
        ok(h, "sona on --rank 1 --loop-b 1s");
        assertInstanceOf(SonaLinear.class, policy(h).model().layers().get("q_proj"));
        ok(h, "workload start mixed --tasks 80 --load 0.9");
        ok(h, "sim run 8s");
        JsonNode st = json.readTree(ok(h, "sona status --json"));
        assertTrue(st.get("on").asBoolean());
        long decisions = st.get("status").get("decisions").asLong();
        assertTrue(decisions > 50, st.toString());
        assertTrue(st.get("status").get("loopBRuns").asLong() >= 5, st.toString());
        assertTrue(st.get("status").get("patterns").asInt() > 0, st.toString());
        assertTrue(st.get("status").get("microNormB").asDouble() > 0, "MicroLoRA learned");
        assertTrue(h.session.dashboard().source(TelemetryNames.NN_INFERENCE).stats().total() >= decisions,
                "loop A latency in the dashboard");
        assertTrue(ok(h, "sona loops").contains("every decision"));
        JsonNode c = json.readTree(ok(h, "sona loops --run c --json"));
        assertTrue(c.get(2).get("runs").asLong() >= 1, c.toString());
        JsonNode ps = json.readTree(ok(h, "sona patterns 3 --json"));
        assertTrue(ps.size() >= 1 && ps.size() <= 3, ps.toString());
        assertTrue(ps.get(0).get("accesses").asLong() > 0, "loop A looks its decisions' patterns up");
        Path pf = dir.resolve("patterns.safetensors");
        ok(h, "sona patterns --save " + pf);
        int before = json.readTree(ok(h, "sona patterns 1000 --json")).size();
        Path junk = dir.resolve("junk.safetensors");
        Files.writeString(junk, "definitely not safetensors");
        fails(h, "sona patterns --load " + junk);
        assertEquals(before, json.readTree(ok(h, "sona patterns 1000 --json")).size(), "a bad file changed nothing");
        ok(h, "sona patterns --load " + pf);
        assertTrue(fails(h, "sona ewc --lambda 20000").contains("100..15000"));
        assertEquals(2000.0, json.readTree(ok(h, "sona ewc --json")).get("lambda").asDouble());
        assertEquals(500.0, json.readTree(ok(h, "sona ewc --lambda 500 --json")).get("lambda").asDouble());
        ok(h, "sona off");
        assertInstanceOf(Linear.class, policy(h).model().layers().get("q_proj"));
        assertFalse(json.readTree(ok(h, "sona status --json")).get("on").asBoolean());
    }

    @Test
    void sameSeedSameLearning() {
        double[] norms = new double[2];
        for (int i = 0; i < 2; i++) {
            ShellHarness h = new ShellHarness();
            ok(h, "schedctl transformer on --learn off");
            ok(h, "sona on");
            ok(h, "workload start mixed --tasks 40 --load 0.9");
            ok(h, "sim run 4s");
            norms[i] = SonaShell.of(h.session).coordinator().status().microNormB();
        }
        assertTrue(norms[0] > 0);
        assertEquals(norms[0], norms[1]);
    }
}
