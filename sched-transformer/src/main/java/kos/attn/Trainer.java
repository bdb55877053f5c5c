package kos.attn;

import kos.sched.PolicyRegistry;
import kos.sched.SchedEval;
import kos.sim.KosException;
import kos.sim.SeedStream;
import kos.simd.FloatKernels;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Trains attention-scheduler weights offline the same way the scheduler learns online: it runs
 * the given mixes under the attention policy with learning on, one run after another, every run
 * sharing and updating one model. Runs are sequential (the model is shared), so the result is a
 * pure function of the plan: the shipped default weights are reproducible from the command in
 * docs/attention-scheduler.md.
 *
 * @param workloads   task-mix names (e.g. mixed, heavy-tail)
 * @param loads       offered loads
 * @param cpus        CPU counts
 * @param seeds       simulation seeds
 * @param epochs      passes over the whole plan
 * @param tasks       tasks per run
 * @param initSeed    seeds the initial weights
 * @param policyParams attention parameters for the training runs (learning is forced on)
 */
public record Trainer(List<String> workloads, List<Double> loads, List<Integer> cpus, List<Long> seeds, int epochs, int tasks, long initSeed,
                      Map<String, String> policyParams) {
    /** Epoch {@code e} runs training seed {@code s} as {@code s + 1000 e} (kept: the shipped weights were trained so). */
    static final SeedStream EPOCH = SeedStream.stride("attn.train.epoch", 1000);

    public Trainer {
        workloads = List.copyOf(workloads);
        loads = List.copyOf(loads);
        cpus = List.copyOf(cpus);
        seeds = List.copyOf(seeds);
        policyParams = Map.copyOf(policyParams);
        if (workloads.isEmpty() || loads.isEmpty() || cpus.isEmpty() || seeds.isEmpty() || epochs <= 0 || tasks <= 0) {
            throw new KosException("train needs workloads, loads, cpus, seeds, and positive --epochs and --tasks");
        }
    }

    public int runs() {
        return epochs * workloads.size() * loads.size() * cpus.size() * seeds.size();
    }

    /** Trains a fresh model; {@code progress} gets the number of runs done. */
    public AttentionModel train(FloatKernels k, IntConsumer progress) {
        AttentionModel model = new AttentionModel(k, AttentionModel.DEFAULT_D_MODEL, DefaultWeights.INIT.random(initSeed));
        PolicyRegistry registry = PolicyRegistry.withBuiltins();
        registry.replace(new AttentionPolicyFactory(k, model));
        Map<String, String> params = new TreeMap<>(policyParams);
        params.put("learn", "on");
        int done = 0;
        for (int e = 0; e < epochs; e++) {
            for (String w : workloads) {
                for (double load : loads) {
                    for (int c : cpus) {
                        for (long seed : seeds) {
                            SchedEval.Spec spec = SchedEval.Spec.of(w, Map.of("tasks", Integer.toString(tasks), "load", Double.toString(load)),
                                    AttentionPolicy.NAME, c, EPOCH.seed(seed, e)).withPolicy(AttentionPolicy.NAME, params);
                            SchedEval.run(spec, registry);
                            if (progress != null) {
                                progress.accept(++done);
                            }
                        }
                    }
                }
            }
        }
        return model;
    }

    /** The metadata saved with the weights: how to reproduce them. */
    public Map<String, String> metadata() {
        Map<String, String> m = new TreeMap<>();
        m.put("trained_by", "schedctl transformer train");
        m.put("workloads", String.join(",", workloads));
        m.put("loads", loads.toString());
        m.put("cpus", cpus.toString());
        m.put("seeds", seeds.toString());
        m.put("epochs", Integer.toString(epochs));
        m.put("tasks", Integer.toString(tasks));
        m.put("init_seed", Long.toString(initSeed));
        m.put("policy_params", new TreeMap<>(policyParams).toString());
        return m;
    }
}
