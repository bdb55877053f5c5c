package kos.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CFS and EEVDF give CPU in proportion to weight (the reference: nice 0 vs nice 5 within 2%). */
class FairShareTest {
    @ParameterizedTest
    @ValueSource(strings = {"cfs", "eevdf"})
    void niceZeroVsNiceFiveOnOneCpu(String policy) {
        Scheduler s = SchedTestSupport.scheduler(1, 1, CostModel.DEFAULT, policy, Map.of());
        Task a = s.spawn(TaskSpec.spinner("nice0", 0));
        Task b = s.spawn(TaskSpec.spinner("nice5", 5));
        s.simulation().runFor(20 * SchedTestSupport.S);
        double expected = 1024.0 / (1024 + 335);
        double share = (double) a.cpuTimeNs() / (a.cpuTimeNs() + b.cpuTimeNs());
        assertEquals(expected, share, 0.02 * expected, policy + " share of the nice-0 task");
        assertTrue(s.stats().switches() > 1000, "they alternated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cfs", "eevdf"})
    void sharesFollowWeightsAcrossTwoCpus(String policy) {
        // 3 nice-0 and 1 nice-5 spinners on 2 CPUs; the balancer settles them and each CPU shares by weight
        Scheduler s = SchedTestSupport.scheduler(2, 2, CostModel.ZERO, policy, Map.of());
        Task[] t = new Task[4];
        for (int i = 0; i < 4; i++) {
            t[i] = s.spawn(TaskSpec.spinner("t" + i, i == 3 ? 5 : 0));
        }
        s.simulation().runFor(10 * SchedTestSupport.S);
        long total = 0;
        for (Task x : t) {
            total += x.cpuTimeNs();
        }
        assertEquals(20 * SchedTestSupport.S, total, SchedTestSupport.MS, "both CPUs were busy all the time");
        assertTrue(s.metrics().jainFairness() > 0.5, "no task starved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cfs", "eevdf"})
    void equalWeightsGetEqualShares(String policy) {
        Scheduler s = SchedTestSupport.scheduler(3, 1, CostModel.DEFAULT, policy, Map.of());
        for (int i = 0; i < 5; i++) {
            s.spawn(TaskSpec.spinner("t" + i, 0));
        }
        s.simulation().runFor(5 * SchedTestSupport.S);
        assertTrue(
                s.metrics().jainFairness() > 0.999, "Jain index " + s.metrics().jainFairness());
    }
}
