package kos.attn;

import kos.nn.Adam;
import kos.nn.Parameter;
import kos.sched.PolicyRegistry;
import kos.sched.SchedEval;
import kos.sim.SeedStream;
import kos.simd.FloatKernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Fine-tuning an {@link AttentionModel} on examples of one workload, whatever its trainable
 * parameters are: with LoRA adapters wrapped around its projections and the base frozen, only the
 * adapters learn. The module knows nothing of LoRA; it trains {@code model.parameters()}.
 *
 * <p>Accuracy is the fraction of examples whose predicted next burst lies within 25% of the
 * observed one (|predicted - actual| <= 0.25 actual, in nanoseconds).
 */
public final class FineTune {
    /** The runs that collect examples: seeds {@code seed, seed + 1, ...} (at most 64). */
    static final SeedStream COLLECT = SeedStream.stride("attn.finetune.collect", 1);
    /** The epoch shuffles of {@link #train}: its seed itself. */
    static final SeedStream SHUFFLE = SeedStream.given("attn.finetune.shuffle");

    private FineTune() {
    }

    /**
     * Runs {@code workload} with the attention policy deciding with {@code model} (not learning)
     * on seeds from {@code seed} on, until {@code wanted} resolved decisions are collected.
     */
    public static List<Example> collect(FloatKernels k, AttentionModel model, String workload, int cpus, double load, int tasks,
                                        long seed, int wanted) {
        List<Example> out = new ArrayList<>();
        for (int run = 0; out.size() < wanted && run < 64; run++) {
            long s = COLLECT.seed(seed, run);
            List<AttentionPolicy> policies = new ArrayList<>();
            PolicyRegistry registry = PolicyRegistry.withBuiltins();
            registry.replace(new AttentionPolicyFactory(k, model, policies::add));
            Map<String, String> params = new TreeMap<>(Map.of("learn", "off"));
            SchedEval.Spec spec = SchedEval.Spec.of(workload, Map.of("tasks", Integer.toString(tasks), "load", Double.toString(load)),
                    AttentionPolicy.NAME, cpus, s).withPolicy(AttentionPolicy.NAME, params);
            SchedEval.run(spec, registry);
            for (AttentionPolicy p : policies) {
                for (Example e : p.examples()) {
                    if (out.size() < wanted) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    /** Fraction of examples predicted within 25% of the observed burst. */
    public static double accuracy(AttentionModel model, List<Example> examples) {
        if (examples.isEmpty()) {
            return Double.NaN;
        }
        int ok = 0;
        for (Example e : examples) {
            long predicted = Features.fromTarget(predict(model, e));
            long actual = Features.fromTarget(e.target());
            ok += Math.abs(predicted - actual) <= 0.25 * actual ? 1 : 0;
        }
        return ok / (double) examples.size();
    }

    /**
     * Trains {@code model.parameters()} with Adam on the squared error of the first row's
     * prediction, in shuffled mini-batches (seeded), for {@code epochs} passes.
     *
     * @return the mean training loss of each epoch
     */
    public static double[] train(AttentionModel model, List<Example> examples, int epochs, float lr, int batch, long seed) {
        List<Parameter> params = model.parameters();
        Adam adam = new Adam(params, lr);
        adam.zeroGrad();
        SplittableRandom random = SHUFFLE.random(seed);
        int[] order = new int[examples.size()];
        double[] losses = new double[epochs];
        float[] dp = new float[1];
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double loss = 0;
            for (int start = 0; start < order.length; start += batch) {
                int end = Math.min(order.length, start + batch);
                for (int i = start; i < end; i++) {
                    Example e = examples.get(order[i]);
                    float err = predict(model, e) - e.target();
                    loss += 0.5 * err * err;
                    if (dp.length < e.n()) {
                        dp = new float[e.n()];
                    }
                    java.util.Arrays.fill(dp, 0f);
                    dp[0] = Math.max(-4f, Math.min(4f, err)) / (end - start);
                    model.backward(dp);
                }
                adam.step();
                adam.zeroGrad();
            }
            losses[epoch] = loss / Math.max(1, order.length);
        }
        return losses;
    }

    private static float predict(AttentionModel model, Example e) {
        System.arraycopy(e.rows(), 0, model.input(e.n()), 0, e.rows().length);
        return model.forward(e.n())[0];
    }
}
