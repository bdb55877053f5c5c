package kos.attn;

import java.util.Set;
import kos.sched.PolicyFactory;
import kos.sched.SchedContext;
import kos.sched.SchedulingPolicy;
import kos.sim.WorkloadParams;
import kos.simd.FloatKernels;
import kos.simd.Kernels;

/**
 * Makes {@link AttentionPolicy} selectable as {@code attention} ({@code schedctl policy
 * attention}); found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/kos.sched.PolicyFactory}. Stateless unless built with a shared model.
 */
public final class AttentionPolicyFactory implements PolicyFactory {
    private final FloatKernels kernels;
    private final AttentionModel shared;
    private final java.util.function.Consumer<AttentionPolicy> onCreate;

    /** The standard factory: {@link Kernels#get()}, a private model per run queue. */
    public AttentionPolicyFactory() {
        this(Kernels.get(), null);
    }

    /**
     * @param kernels the kernels every model it creates runs on (tests pin scalar or vector)
     * @param shared  when not null, every policy decides and learns with this one model
     *                (training across runs); it is then not thread-safe
     */
    public AttentionPolicyFactory(FloatKernels kernels, AttentionModel shared) {
        this(kernels, shared, p -> {});
    }

    /** As above, and tells {@code onCreate} of every policy it creates (to read its examples after a run). */
    public AttentionPolicyFactory(
            FloatKernels kernels, AttentionModel shared, java.util.function.Consumer<AttentionPolicy> onCreate) {
        this.kernels = kernels;
        this.shared = shared;
        this.onCreate = onCreate;
    }

    @Override
    public String name() {
        return AttentionPolicy.NAME;
    }

    @Override
    public String summary() {
        return "single-head self-attention over the run queue, predicts next bursts, learns online, CFS fallback";
    }

    @Override
    public Set<String> options() {
        return AttentionConfig.OPTIONS;
    }

    @Override
    public SchedulingPolicy create(SchedContext ctx, WorkloadParams params) {
        AttentionConfig c = AttentionConfig.parse(params);
        if (shared != null) {
            AttentionPolicy p = new AttentionPolicy(ctx, c, shared, "shared");
            onCreate.accept(p);
            return p;
        }
        String source = c.weights();
        if (source.equals("default")) {
            source = DefaultWeights.inUse()
                    .map(w -> w.name().startsWith(DefaultWeights.MODEL + " v") ? w.name() : "default")
                    .orElse("random (no shipped default)");
        }
        AttentionPolicy p = new AttentionPolicy(ctx, c, DefaultWeights.create(kernels, c.weights(), c.seed()), source);
        onCreate.accept(p);
        return p;
    }
}
