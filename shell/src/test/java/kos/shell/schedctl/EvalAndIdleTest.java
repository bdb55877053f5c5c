package kos.shell.schedctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kos.shell.CommandRunner;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a new user hit (issue 14): idle runs, switch counts, loads as typed, no NaN strings in JSON, inline mixes. */
class EvalAndIdleTest {
    private final ObjectMapper json = new ObjectMapper();

    private static String ok(ShellHarness h, String cmd) {
        h.clear();
        assertEquals(CommandRunner.OK, h.exec(cmd), cmd + ": " + h.err());
        return h.out();
    }

    @Test
    void simRunUntilIdleStopsWhenEveryTaskFinished() throws Exception {
        ShellHarness h = new ShellHarness();
        ok(h, "workload start interactive --tasks 5 --load 0.5");
        String out = ok(h, "sim run --until-idle 10m");
        assertTrue(out.startsWith("idle: every task finished after"), out);
        JsonNode st = json.readTree(ok(h, "schedctl stats --json"));
        JsonNode s = st.get("stats");
        assertEquals(5, s.get("completed").asInt());
        assertEquals(s.get("voluntarySwitches").asLong() + s.get("involuntarySwitches").asLong(), s.get("switches").asLong());
        assertEquals(st.get("all").get("switches").asLong(), s.get("switches").asLong(), "one switch count");
        // a second run finds it idle at once and time does not move
        assertTrue(ok(h, "sim run --until-idle").startsWith("idle: every task finished after 0"), h.out());
    }

    @Test
    void evalPrintsLoadsAsTypedAndWritesMissingValuesAsNull() throws Exception {
        ShellHarness h = new ShellHarness();
        String spec = "load 0.95; cpus 1; class batch share=1 work=pareto:1.5:2ms";
        JsonNode r = json.readTree(ok(h, "schedctl eval --mix \"" + spec + "\" --seeds 2 --tasks 20 --policy cfs,las --json"));
        JsonNode row = r.get("rows").get(1);
        assertEquals(0.95, row.get("load").asDouble());
        assertTrue(row.get("deadlineMissRate").isNull(), "no realtime jobs: null, not the string NaN");
        assertTrue(row.get("interactiveP99ResponseMs").isNull());
        assertTrue(row.get("vsCfsCi95Pct").isNumber(), "two seeds give an interval");
        String table = ok(h, "schedctl eval --mix \"" + spec + "\" --seeds 1 --tasks 20 --policy cfs,las");
        assertTrue(table.contains(" 0.95 "), table);
    }
}
