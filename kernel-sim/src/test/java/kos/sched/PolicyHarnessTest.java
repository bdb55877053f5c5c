package kos.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyHarnessTest {
    @Test
    void everyPolicyKeepsItsQueueConsistentOverManyDecisions() {
        for (PolicyFactory f : PolicyRegistry.standard().all()) {
            PolicyHarness h = new PolicyHarness(PolicyRegistry.standard(), f.name(), Map.of(), 64, 5_000_000, 1);
            for (int i = 0; i < 20_000; i++) {
                h.step(1_000_000);
                assertEquals(64, h.policy().size() + 0, f.name() + ": every task is queued between decisions");
            }
        }
    }

    @Test
    void fairPoliciesServeEveryTaskInProportionToWeight() {
        for (String p : new String[] {"cfs", "eevdf"}) {
            PolicyHarness h = new PolicyHarness(PolicyRegistry.standard(), p, Map.of(), 11, 5_000_000, 2);
            long[] cpu = new long[11];
            for (int i = 0; i < 200_000; i++) {
                SchedTask t = h.step(1_000_000);
                cpu[t.index()] = t.cpuTimeNs();
            }
            // task i has nice i - 5: compare every task's CPU per weight with the nice-0 task's
            double ref = (double) cpu[5] / Weights.of(0);
            for (int i = 0; i < 11; i++) {
                double perWeight = (double) cpu[i] / Weights.of(i - 5);
                assertEquals(1.0, perWeight / ref, 0.03, p + " task with nice " + (i - 5));
            }
            assertTrue(h.now() > 0);
        }
    }
}
