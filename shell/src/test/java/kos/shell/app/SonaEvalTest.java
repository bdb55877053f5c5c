package kos.shell.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;

class SonaEvalTest {
    @Test
    void conflictingPhasesRunWithSchedulerOptionsAndReportEarlyForgetting() throws Exception {
        ShellHarness h = new ShellHarness();
        String line = "sona eval --seeds 1 --seed-base 7 --phase 10s --window 5s --mix-a prio-short"
                + " --mix-b prio-long --sched lr=0.05,update-every=20 --json";
        assertEquals(0, h.exec(line), h::err);
        JsonNode r = new ObjectMapper().readTree(h.out());
        assertEquals("0.05", r.get("sched").get("lr").asText());
        assertEquals(5, r.get("arms").size());
        for (JsonNode a : r.get("arms")) {
            for (JsonNode t : a.get("tasks")) {
                assertTrue(t.asInt() > 20, a.toString());
            }
            assertTrue(a.has("earlyForgettingPct"));
        }
        assertEquals(0.0, r.get("arms").get(0).get("earlyForgettingPct").asDouble(), 1e-9, "frozen is the reference");
        h.clear();
        assertEquals(0, h.exec(line), h::err);
        assertEquals(r, new ObjectMapper().readTree(h.out()), "deterministic");
    }

    @Test
    void badRecallOptionsAreOneLine() {
        ShellHarness h = new ShellHarness();
        for (String bad : new String[] {"--recall maybe", "--recall-gain 1.5", "--recall-gain 0"}) {
            h.clear();
            assertNotEquals(0, h.exec("sona eval --seeds 1 --phase 10s " + bad));
            String err = h.err().strip();
            assertTrue(err.contains("recall"), err);
            assertFalse(err.contains("\n") || err.contains("Exception"), err);
        }
    }

    @Test
    void badSchedulerOptionsAreOneLine() {
        ShellHarness h = new ShellHarness();
        for (String bad : new String[] {"learn=on", "nope=1", "lr"}) {
            h.clear();
            assertNotEquals(0, h.exec("sona eval --seeds 1 --phase 10s --sched " + bad));
            String err = h.err().strip();
            assertTrue(err.contains("--sched"), err);
            assertFalse(err.contains("\n") || err.contains("Exception"), err);
        }
    }
}
