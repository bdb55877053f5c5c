package kos.insights.prefetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import kos.mem.AccessPattern;
import org.junit.jupiter.api.Test;

class PrefetchRunsTest {
    @Test
    void theChaseBoundIsTheShareOfRepeatedTransitionsPlusLuckyGuesses() {
        int tasks = PrefetchRuns.TASKS, nodes = AccessPattern.CHASE_NODES;
        // before any walk has finished nothing is known: only lucky guesses, about 1/2047 each
        assertTrue(PrefetchRuns.chaseBound(1, 1000) < 0.01);
        // after the first walks: every access but each task's first walk (nodes accesses) is a repeat
        double b = PrefetchRuns.chaseBound(1, PrefetchRuns.ACCESSES);
        double firstWalks = (double) tasks * nodes / PrefetchRuns.ACCESSES;
        assertEquals(1 - firstWalks, b, 0.001);
        assertTrue(b < 0.9, "at 100,000 accesses the first walks alone keep any predictor below 90%: " + b);
        assertTrue(PrefetchRuns.chaseBound(1, 4 * PrefetchRuns.ACCESSES) > 0.97);
        assertEquals(b, PrefetchRuns.chaseBound(1, PrefetchRuns.ACCESSES));
    }
}
