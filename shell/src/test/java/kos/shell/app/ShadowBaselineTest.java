package kos.shell.app;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the paired replay runs in place of a session's commands. */
class ShadowBaselineTest {
    private static List<String> w(String line) {
        return List.of(line.split(" "));
    }

    @Test
    void theAttentionSchedulerBecomesCfsAndWritersAreSkipped() {
        List<List<String>> history = List.of(w("mem init 256MiB"), w("schedctl policy rr"), w("schedctl transformer on"),
                w("workload start mixed"), w("schedctl transformer stats"), w("sim run 2s"), w("schedctl transformer off"),
                w("schedctl policy attention"), w("loractl train --data d.jsonl --name x"), w("autoctl export-metrics m.json"),
                w("crashctl eval --seeds 1"), w("autoctl on"), w("sim run 1s"));
        assertTrue(ShadowBaseline.usedAttention(history));
        assertEquals(List.of(w("mem init 256MiB"), w("schedctl policy rr"), w("schedctl policy cfs"), w("workload start mixed"),
                w("sim run 2s"), w("schedctl policy rr"), w("schedctl policy cfs"), w("autoctl on"), w("sim run 1s")),
                ShadowBaseline.plan(history));
    }

    @Test
    void withoutTheAttentionSchedulerThereIsNothingToCompare() {
        assertFalse(ShadowBaseline.usedAttention(List.of(w("schedctl policy cfs"), w("sim run 1s"))));
    }
}
