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
 * @param agingNs        hard bound: a task that has waited this long runs next, whatever its rank (default 2 s)
 * @param agingScaleNs   inside a tie, the response ratio is (wait + this) / predicted burst (default 10 ms)
 * @param minSliceNs     the shortest slice of a fair task (default 1 ms)
 * @param maxSliceNs     the longest slice while other tasks wait (default 30 ms)
 * @param sliceFactor    a slice is at most the predicted remaining burst x this (default 2), within [min, max]
 * @param candidates     how many best-ranked tasks the model sees per decision (default 8, at most 16)
 * @param tie            candidates whose rank index is within this fraction of the best are chosen between by the
 *                       model's predicted burst (default 1: within a factor 2; 0 = the rank alone decides)
 * @param preemptRatio   a waking task preempts when its index is this many times the running task's (default 1.5;
 *                       0 = never); a running task's slice lasts until its index falls below the best queued one / this
 * @param wakeupGranularityNs inside a tie group, a woken task may preempt a running one that has run this long (default 1 ms)
 * @param wakeupRatio    ... when the running task's predicted remaining burst is this many times the woken one's (default 1)
 * @param learnedRank    rank the fair class by the Gittins index of each class's learned sizes (default, {@code --rank learned})
 *                       or by least attained service ({@code --rank las})
 * @param deadline       the deadline class for declared realtime tasks (default on)
 * @param oracle         diagnostic only: OFF (default), BURST (true remaining bursts replace the model's predictions) or
 *                       WORK (true remaining work replaces the learned rank)
 * @param errorBound     fall back to CFS when the running mean absolute prediction error (natural-log units) exceeds this (default 1.5)
 * @param live           live mode: also fall back when the mean decision latency exceeds the budget (off in simulation: wall-clock must not drive simulated decisions)
 * @param latencyBudgetNs the live-mode wall-clock budget per decision (default 50 us)
 * @param seed           seeds the random init ("random" weights) and the replay sampling
 */
public record AttentionConfig(String weights, boolean learn, OnlineLearner.Kind optimizer, float lr, int updateEvery, int batch,
                              int replay, long agingNs, long agingScaleNs, long minSliceNs, long maxSliceNs, double sliceFactor, int candidates, double tie, double preemptRatio,
                              long wakeupGranularityNs, double wakeupRatio, boolean learnedRank, boolean deadline, Oracle oracle, double errorBound, boolean live, long latencyBudgetNs, long seed) {
    public static final Set<String> OPTIONS = Set.of("weights", "learn", "optimizer", "lr", "update-every", "batch", "replay", "aging",
            "aging-scale", "min-slice", "max-slice", "slice-factor", "candidates", "tie", "preempt-ratio", "wakeup-granularity", "wakeup-ratio", "rank", "deadline", "oracle", "error-bound", "live", "latency-budget", "seed");

    /** The oracle diagnostic modes; only OFF is a real scheduler. */
    public enum Oracle { OFF, BURST, WORK }

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
        String o = p.string("oracle", "off").trim().toLowerCase(Locale.ROOT);
        Oracle oracle = switch (o) {
            case "off" -> Oracle.OFF;
            case "burst" -> Oracle.BURST;
            case "work" -> Oracle.WORK;
            default -> throw new KosException("--oracle " + o + ": expected off, burst or work (diagnostics only)");
        };
        return new AttentionConfig(p.string("weights", "default"), onOff(p, "learn", true), kind,
                (float) p.number("lr", 0.01, 1e-7, 10), (int) p.integer("update-every", 100, 1, 1_000_000),
                (int) p.integer("batch", 32, 1, 4096), (int) p.integer("replay", 2048, 8, 1 << 20),
                p.duration("aging", 2 * Quantities.NS_PER_S), p.duration("aging-scale", 10 * Quantities.NS_PER_MS), p.duration("min-slice", Quantities.NS_PER_MS),
                p.duration("max-slice", 30 * Quantities.NS_PER_MS), p.number("slice-factor", 2.0, 0.01, 1000),
                (int) p.integer("candidates", 8, 1, 16), p.number("tie", 1.0, 0, 100), p.number("preempt-ratio", 1.5, 0, 1000),
                p.duration("wakeup-granularity", Quantities.NS_PER_MS),
                p.number("wakeup-ratio", 1.0, 0, 1000), rank(p), onOff(p, "deadline", true), oracle, p.number("error-bound", 1.5, 0.01, 100), onOff(p, "live", false),
                p.duration("latency-budget", 50 * Quantities.NS_PER_US), p.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    private static boolean rank(WorkloadParams p) {
        String r = p.string("rank", "learned").trim().toLowerCase(Locale.ROOT);
        return switch (r) {
            case "learned" -> true;
            case "las" -> false;
            default -> throw new KosException("--rank " + r + ": expected learned or las");
        };
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
                "attention weights=%s learn=%s optimizer=%s lr=%s update-every=%d batch=%d aging=%s min-slice=%s candidates=%d tie=%.2f "
                        + "preempt-ratio=%.2f deadline=%s error-bound=%.2f live=%s%s",
                weights, learn ? "on" : "off", optimizer.name().toLowerCase(Locale.ROOT), Float.toString(lr), updateEvery, batch,
                Quantities.formatDuration(agingNs), Quantities.formatDuration(minSliceNs), candidates, tie, preemptRatio,
                deadline ? "on" : "off", errorBound, live ? "on" : "off",
                oracle == Oracle.OFF ? "" : " oracle=" + oracle.name().toLowerCase(Locale.ROOT));
    }
}
