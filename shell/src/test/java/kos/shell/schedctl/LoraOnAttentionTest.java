package kos.shell.schedctl;

import kos.attn.AttentionModel;
import kos.lora.layer.LoraConfig;
import kos.lora.layer.LoraLinear;
import kos.nn.Linear;
import kos.nn.Parameter;
import kos.simd.Kernels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LoRA wraps the attention scheduler's projections by module name (the two modules know nothing
 * of each other; both speak kos.nn): a fresh adapter changes nothing, and training only the
 * adapter changes the model's output while the base weights stay as they were.
 */
class LoraOnAttentionTest {
    private static final List<String> TARGETS = List.of("q_proj", "k_proj", "v_proj", "o_proj");

    @Test
    void adaptersOnTheAttentionProjections() {
        AttentionModel model = new AttentionModel(Kernels.get(), 16, new SplittableRandom(1));
        int rows = 5;
        SplittableRandom r = new SplittableRandom(2);
        float[] x = new float[rows * model.features()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        System.arraycopy(x, 0, model.input(rows), 0, x.length);
        float[] before = model.forward(rows).clone();
        float[] baseQ = ((Linear) model.layers().get("q_proj")).weight().clone();

        for (String name : TARGETS) {
            model.layers().replace(name, l -> {
                LoraLinear lora = new LoraLinear(((Linear) l).frozen(true), 3);
                lora.addAdapter("sched", LoraConfig.defaults(TARGETS).withRank(4), new SplittableRandom(name.hashCode()));
                return lora;
            });
        }
        System.arraycopy(x, 0, model.input(rows), 0, x.length);
        // A wrapped model takes the per-row forward path instead of the batched one; the two sum in
        // different orders, so they agree to rounding, not bit for bit.
        assertArrayEquals(before, model.forward(rows).clone(), 1e-5f, "a new adapter (B = 0) must change nothing");

        List<Parameter> trainable = model.layers().asMap().values().stream()
                .filter(l -> l instanceof LoraLinear).flatMap(l -> l.parameters().stream()).toList();
        assertEquals(2 * TARGETS.size(), trainable.size(), "only lora_A and lora_B of the four projections train");
        for (int step = 0; step < 20; step++) {
            System.arraycopy(x, 0, model.input(rows), 0, x.length);
            float[] p = model.forward(rows);
            float[] dp = new float[rows];
            dp[0] = p[0] - 3f;
            model.backward(dp);
            for (Parameter q : trainable) {
                for (int i = 0; i < q.value().length; i++) {
                    q.value()[i] -= 0.05f * q.grad()[i];
                    q.grad()[i] = 0;
                }
            }
        }
        System.arraycopy(x, 0, model.input(rows), 0, x.length);
        float after = model.forward(rows)[0];
        assertTrue(Math.abs(after - 3f) < Math.abs(before[0] - 3f), "the adapter learned: " + before[0] + " -> " + after);
        assertArrayEquals(baseQ, ((LoraLinear) model.layers().get("q_proj")).base().weight(), "the base stays frozen");
    }
}
