package kos.insights.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReclaimDecisionTest {
    @Test
    void aFixedBoostKeepsMemoryFreeAndRunsAreDeterministic() {
        ReclaimDecision.Run k = ReclaimDecision.run("office", 1, "kswapd", 0, null, null);
        ReclaimDecision.Run h = ReclaimDecision.run("office", 1, "headroom", 8, null, null);
        assertEquals(0, k.meanBoostMiB());
        assertEquals(8, h.meanBoostMiB(), 1e-9);
        assertTrue(k.stallMs() > 0, "the scenario must stall without early reclaim: " + k);
        assertTrue(h.stallMs() < k.stallMs() / 2, "memory kept free ahead of demand saves stalls: " + h + " vs " + k);
        assertEquals(k, ReclaimDecision.run("office", 1, "kswapd", 0, null, null));
    }
}
