package kos.insights.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kos.workload.UsageSampler;
import org.junit.jupiter.api.Test;

class WorkloadRunsTest {
    @Test
    void aRunObservesEveryServiceAndTheMachine() {
        long t0 = System.nanoTime();
        List<UsageSampler.Series> s = WorkloadRuns.run("office", 1, 48_000_000_000L, 2);
        System.out.println("run ms " + (System.nanoTime() - t0) / 1e6);
        assertEquals(14, s.size());
        UsageSampler.Series m = s.get(12);
        assertEquals("machine.cpu", m.name());
        assertEquals(96, m.size());
        double max = 0, min = 9;
        for (int i = 10; i < m.size(); i++) {
            max = Math.max(max, m.get(i));
            min = Math.min(min, m.get(i));
        }
        System.out.println("machine cpu min " + min + " max " + max + " svc0 mem "
                + s.get(1).get(50));
        assertTrue(max > 2 * min, "the daily pattern shows in the machine's CPU use");
    }
}
