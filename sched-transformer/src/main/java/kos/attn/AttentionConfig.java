package kos.attn;

import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.WorkloadParams;

import java.util.Locale;
import java.util.Set;

/**
 * The attention scheduler's settings, parsed from {@code schedctl policy attention --KEY VALUE}.
 *
 * @param weights        "default" (the shipped pretrained weights), "random" (a fresh seeded init) or a safetensors path
 * @param learn          whether it learns online
 * @param optimizer      SGD (the default) or Adam
 * @param lr             learning rate (default 0.01)
 * @param updateEvery    K: one learning step every K decisions (default 100)
 * @param batch          samples per learning step (default 32)
 * @param replay         replay-buffer capacity in samples (default 2048)
 * @param agingNs        hard bound: a task that has waited this long runs next, whatever its score (default 2 s)
 * @param agingScaleNs   the response-ratio priority is (wait + this) / predicted burst (default 10 ms)
 * @param minSliceNs     the shortest slice (default 1 ms)
 * @param maxSliceNs     the longest slice (default 30 ms)
 * @param sliceFactor    slice = predicted remaining burst x this, clamped to [min, max] (default 2)
 * @param preemptRatio   a waking task preempts when the running task's predicted remaining burst exceeds the woken one's by this factor (default 2; 0 = never)
 * @param errorBound     fall back to CFS when the running mean absolute prediction error (natural-log units) exceeds this (default 1.5)
 * @param live           live mode: also fall back when the mean decision latency exceeds the budget (off in simulation: wall-clock must not drive simulated decisions)
 * @param latencyBudgetNs the live-mode wall-clock budget per decision (default 50 us)
 * @param seed           seeds the random init ("random" weights) and the replay sampling
 */
public record AttentionConfig(String weights, boolean learn, OnlineLearner.Kind optimizer, float lr, int updateEvery, int batch,
                              int replay, long agingNs, long agingScaleNs, long minSliceNs, long maxSliceNs, double sliceFactor, double preemptRatio,
                              double errorBound, boolean live, long latencyBudgetNs, long seed) {
    public static final Set<String> OPTIONS = Set.of("weights", "learn", "optimizer", "lr", "update-every", "batch", "replay", "aging", "aging-scale",
            "min-slice", "max-slice", "slice-factor", "preempt-ratio", "error-bound", "live", "latency-budget", "seed");

    public static final AttentionConfig DEFAULT = parse(WorkloadParams.empty());

    public AttentionConfig {
        if (minSliceNs <= 0 || maxSliceNs < minSliceNs) {
            throw new KosException("--min-slice must be positive and at most --max-slice");
        }
        if (agingNs <= 0 || agingScaleNs <= 0) {
            throw new KosException("--aging and --aging-scale must be positive");
        }
    }

    public static AttentionConfig parse(WorkloadParams p) {
        String opt = p.string("optimizer", "sgd").trim().toLowerCase(Locale.ROOT);
        OnlineLearner.Kind kind = switch (opt) {
            case "sgd" -> OnlineLearner.Kind.SGD;
            case "adam" -> OnlineLearner.Kind.ADAM;
            default -> throw new KosException("--optimizer " + opt + ": expected sgd or adam");
        };
        return new AttentionConfig(p.string("weights", "default"), onOff(p, "learn", true), kind,
                (float) p.number("lr", 0.01, 1e-7, 10), (int) p.integer("update-every", 100, 1, 1_000_000),
                (int) p.integer("batch", 32, 1, 4096), (int) p.integer("replay", 2048, 8, 1 << 20),
                p.duration("aging", 2 * Quantities.NS_PER_S), p.duration("aging-scale", 10 * Quantities.NS_PER_MS), p.duration("min-slice", Quantities.NS_PER_MS),
                p.duration("max-slice", 30 * Quantities.NS_PER_MS), p.number("slice-factor", 2.0, 0.01, 1000),
                p.number("preempt-ratio", 2.0, 0, 1000), p.number("error-bound", 1.5, 0.01, 100), onOff(p, "live", false),
                p.duration("latency-budget", 50 * Quantities.NS_PER_US), p.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    private static boolean onOff(WorkloadParams p, String key, boolean dflt) {
        String raw = p.string(key, null);
        if (raw == null) {
            return dflt;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new KosException("--" + key + " " + raw + ": expected on or off");
        };
    }

    /** One line for {@code schedctl policy}. */
    public String describe() {
        return String.format(Locale.ROOT,
                "attention weights=%s learn=%s optimizer=%s lr=%s update-every=%d batch=%d aging=%s aging-scale=%s slice=%s..%s x%.2f preempt-ratio=%.2f error-bound=%.2f live=%s",
                weights, learn ? "on" : "off", optimizer.name().toLowerCase(Locale.ROOT), Float.toString(lr), updateEvery, batch,
                Quantities.formatDuration(agingNs), Quantities.formatDuration(agingScaleNs), Quantities.formatDuration(minSliceNs), Quantities.formatDuration(maxSliceNs), sliceFactor,
                preemptRatio, errorBound, live ? "on" : "off");
    }
}
