package kos.attn;

import kos.attn.eval.EvalMatrix;
import kos.sched.PolicyRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped default weights and parameters against CFS on the mixed workload. */
class EndToEndEvalTest {
    @Test
    void shippedDefaultsBeatCfsOnMeanTurnaroundForTheMixedWorkload() {
        assertTrue(DefaultWeights.shipped().isPresent(), "the pretrained default ships in resources");
        EvalMatrix.Plan plan = new EvalMatrix.Plan(List.of(new EvalMatrix.Mix("mixed", "mixed")), List.of(0.7, 0.9), List.of(1, 4),
                List.of("cfs", "attention"), List.of(1L, 2L), 200, Map.of());
        List<EvalMatrix.Row> rows = EvalMatrix.run(plan, PolicyRegistry.standard(), 2, null);
        double cfs = 0, attn = 0;
        for (EvalMatrix.Row r : rows) {
            assertTrue(r.finished(), r.toString());
            if (r.policy().equals("cfs")) {
                cfs += r.meanTurnaroundMs();
            } else {
                attn += r.meanTurnaroundMs();
            }
        }
        assertTrue(attn < cfs, "attention " + attn + " vs cfs " + cfs + " (sum over the four cells)");
        // and the interactive tail is not traded away: no worse than CFS + 10% in any cell
        for (int i = 0; i < rows.size(); i += 2) {
            EvalMatrix.Row c = rows.get(i), a = rows.get(i + 1);
            assertEquals("cfs", c.policy());
            assertTrue(a.interactiveP99ResponseMs() <= c.interactiveP99ResponseMs() * 1.1, a + " vs " + c);
        }
    }
}
