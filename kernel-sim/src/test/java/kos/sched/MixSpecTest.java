package kos.sched;

import kos.sim.KosException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MixSpecTest {
    @Test
    void shippedMixesParse() {
        for (String n : MixSpec.NAMED) {
            MixSpec m = MixSpec.resolve(n);
            assertEquals(n, m.name());
            assertTrue(m.meanWorkNs() > 0);
            // the canonical text parses back to the same mix
            assertEquals(m.describe(), MixSpec.parse(n, m.describe(), "round trip").describe());
        }
        MixSpec rt = MixSpec.named("realtime+batch");
        assertEquals(0.9, rt.realtimeUtilisation(), 1e-9);
        assertEquals(java.util.List.of(2), rt.cpus());
    }

    @Test
    void inlineSpecAndClearErrors() {
        MixSpec m = MixSpec.resolve("load 0.95; cpus 1,2; class batch share=1 work=pareto:1.2:3ms");
        assertEquals(java.util.List.of(0.95), m.loads());
        assertNull(m.classes().get(0).burst(), "no burst: a CPU-only job");
        KosException e = assertThrows(KosException.class, () -> MixSpec.resolve("load 0.9; class batch share=1 wrk=exp:1ms"));
        assertTrue(e.getMessage().startsWith("inline mix:2: unknown key 'wrk'"), e.getMessage());
        e = assertThrows(KosException.class, () -> MixSpec.resolve("class batch share=1 work=pareto:0.9:1ms"));
        assertTrue(e.getMessage().contains("finite mean"), e.getMessage());
        assertThrows(KosException.class, () -> MixSpec.resolve("no-such-mix"));
        assertThrows(KosException.class, () -> MixSpec.resolve("load 0.9; rt period=10ms wcet=20ms; class batch work=1ms"));
    }

    @Test
    void realtimePlusBatchRunsToTheEndAndEdfMeetsEveryDeadline() {
        SchedEval.Spec spec = SchedEval.Spec.of("mix", Map.of("spec", "realtime+batch", "tasks", "40"), "edf", 2, 3);
        SchedEval.Result r = SchedEval.run(spec);
        assertTrue(r.finished(), "the realtime tasks stop releasing jobs once the arrivals are over");
        SchedMetrics m = r.metrics();
        assertTrue(m.all().rtJobs() > 100, "jobs released: " + m.all().rtJobs());
        assertEquals(0, m.all().deadlineMisses(), "a feasible set under partitioned EDF");
        assertEquals(44, m.all().tasks(), "40 arrivals and 4 realtime tasks");
        // CFS treats the declared tasks as ordinary ones and misses
        SchedMetrics cfs = SchedEval.run(spec.withPolicy("cfs", Map.of())).metrics();
        assertTrue(cfs.all().deadlineMisses() > 0, "CFS misses " + cfs.all().deadlineMisses());
    }
}
