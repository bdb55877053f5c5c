package kos.attn;

import java.util.Locale;
import java.util.Set;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.WorkloadParams;

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
 * @param tie            candidates whose key is within {@code ln(1 + tie) x vtime-scale} of the best (what an index
 *                       ratio of 1 + tie is worth) are chosen between by the model's predicted burst (default 1;
 *                       0 = the key alone decides)
 * @param vtimeScaleNs   the fair key is {@code -ln G(attained) x this + vruntime}: how much virtual time a factor e in
 *                       the learned Gittins index G is worth (default 20 ms; 0 = CFS's order)
 * @param sleeperCreditNs a waking task's vruntime is placed at least at min_vruntime minus this (default 3 ms, like
 *                       CFS's GENTLE_FAIR_SLEEPERS)
 * @param fairSliceNs    the picked task runs until its key is this much past the best queued key (default 6 ms), within
 *                       [min-slice, max-slice]
 * @param wakeupGranularityNs a woken task preempts a running one whose key exceeds its own by more than this (default
 *                       1.5 ms, CFS's wakeup preemption on the fair key)
 * @param finishBurstNs the model's say over switches: a running task whose burst the model predicts to end within this
 *                       is not preempted by a waking task, and its slice is stretched by up to this to let the burst
 *                       end (a switch saved; default 750 us, tuned on seeds 1-3; 0 = off)
 * @param maxDemotionNs  a task that has blocked (it has wakeups to serve) is ranked at most this much virtual time behind
 *                       a fresh task of its class ({@code -ln G(attained) x vtime-scale} capped at
 *                       {@code -ln G(0) x vtime-scale + this}, G its class's own learned index; no cap while the class
 *                       has none; default 0, tuned on seeds 1-3: a task that sleeps is not ranked below a fresh one of its
 *                       class by its age); -1 ({@code off}) = no cap
 * @param cpuBoundLas    the CPU-bound lane ({@code --cpu-bound las}, default; {@code fair}: off): a task that has never
 *                       blocked is keyed by {@code -ln G(attained) x vtime-scale + min_vruntime + cpu-weight x its
 *                       virtual attained service} instead of by its vruntime, so among such tasks the order is by
 *                       attained service (LAS-like, or the learned Gittins order), and a long CPU-bound job falls behind
 *                       tasks that sleep instead of being owed the CPU it did not get while it waited
 * @param cpuQuantumNs   in the CPU-bound lane, a task runs until its key is this past the best queued key, and a
 *                       woken CPU-bound task preempts a running one whose key exceeds its own by more (default 1 ms,
 *                       LAS's quantum)
 * @param cpuWeight      how much of a CPU-bound task's attained service counts in its key, in [0, 1], or -1 (auto,
 *                       the default): 1 on one CPU, 0 on more (tuned on seeds 1-3: with several CPUs the attained-
 *                       service demotion cost more than it gained; the learned index term still orders them)
 * @param cpuExitKeep    a task leaving the CPU-bound lane (its first wakeup) keeps its vruntime ({@code --cpu-exit
 *                       keep}) instead of taking the key it had in the lane ({@code demote}, default)
 * @param learnedRank    rank the fair class by the Gittins index of each class's learned sizes (default, {@code --rank learned})
 *                       or by least attained service ({@code --rank las})
 * @param sizeTail       the learned sizes' tail ({@code --size-tail K}): past the K+1-th largest finished size, a Pareto
 *                       tail fitted to the K largest (Hill) instead of the sample's end ({@code GittinsIndex.ofSamples}); 0: off
 * @param guardAllBursts whether the fallback guard judges the model on every burst ({@code --guard-bursts all}, session 8)
 *                       or not on whole jobs ({@code except-jobs}, the default): a first burst that ends with the task's
 *                       exit is a CPU-only job, ordered by the rank (the CPU-bound lane), not by the prediction, and on
 *                       heavy-tailed CPU-only jobs its error handed the fair class to CFS
 * @param deadline       the deadline class for declared realtime tasks (default on)
 * @param oracle         diagnostic only: OFF (default), BURST (true remaining bursts replace the model's predictions) or
 *                       WORK (true remaining work replaces the learned rank)
 * @param errorBound     fall back to CFS when the running mean absolute prediction error (natural-log units) exceeds this (default 1.5)
 * @param live           live mode: also fall back when the mean decision latency exceeds the budget (off in simulation: wall-clock must not drive simulated decisions)
 * @param latencyBudgetNs the live-mode wall-clock budget per decision (default 50 us)
 * @param seed           seeds the random init ("random" weights) and the replay sampling
 */
public record AttentionConfig(
        String weights,
        boolean learn,
        OnlineLearner.Kind optimizer,
        float lr,
        int updateEvery,
        int batch,
        int replay,
        long agingNs,
        long agingScaleNs,
        long minSliceNs,
        long maxSliceNs,
        double sliceFactor,
        int candidates,
        double tie,
        long vtimeScaleNs,
        long sleeperCreditNs,
        long fairSliceNs,
        long wakeupGranularityNs,
        long finishBurstNs,
        long maxDemotionNs,
        boolean cpuBoundLas,
        long cpuQuantumNs,
        double cpuWeight,
        boolean cpuExitKeep,
        boolean learnedRank,
        int sizeTail,
        boolean guardAllBursts,
        boolean deadline,
        Oracle oracle,
        double errorBound,
        boolean live,
        long latencyBudgetNs,
        long seed) {
    public static final Set<String> OPTIONS = Set.of(
            "weights",
            "learn",
            "optimizer",
            "lr",
            "update-every",
            "batch",
            "replay",
            "aging",
            "aging-scale",
            "min-slice",
            "max-slice",
            "slice-factor",
            "candidates",
            "tie",
            "vtime-scale",
            "sleeper-credit",
            "fair-slice",
            "wakeup-granularity",
            "finish-burst",
            "max-demotion",
            "cpu-bound",
            "cpu-quantum",
            "cpu-weight",
            "cpu-exit",
            "rank",
            "size-tail",
            "guard-bursts",
            "deadline",
            "oracle",
            "error-bound",
            "live",
            "latency-budget",
            "seed");

    /** The oracle diagnostic modes; only OFF is a real scheduler. */
    public enum Oracle {
        OFF,
        BURST,
        WORK
    }

    /** The default {@link #sizeTail()}. */
    static final int SIZE_TAIL_DEFAULT = 0;

    /** The default cap on a blocking task's age demotion (virtual time); see {@link #maxDemotionNs()}. */
    static final long MAX_DEMOTION_DEFAULT_NS = 0;

    public static final AttentionConfig DEFAULT = parse(WorkloadParams.empty());

    public AttentionConfig {
        if (minSliceNs <= 0 || maxSliceNs < minSliceNs) {
            throw new KosException("--min-slice must be positive and at most --max-slice");
        }
        if (vtimeScaleNs < 0
                || sleeperCreditNs < 0
                || fairSliceNs < 0
                || wakeupGranularityNs < 0
                || finishBurstNs < 0) {
            throw new KosException(
                    "--vtime-scale, --sleeper-credit, --fair-slice, --wakeup-granularity and --finish-burst must not be negative");
        }
        if (maxDemotionNs < -1) {
            throw new KosException("--max-demotion must be a duration (0 or more) or off");
        }
        if (cpuQuantumNs <= 0) {
            throw new KosException("--cpu-quantum must be positive");
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
        return new AttentionConfig(
                p.string("weights", "default"),
                onOff(p, "learn", true),
                kind,
                (float) p.number("lr", 0.01, 1e-7, 10),
                (int) p.integer("update-every", 100, 1, 1_000_000),
                (int) p.integer("batch", 32, 1, 4096),
                (int) p.integer("replay", 2048, 8, 1 << 20),
                p.duration("aging", 2 * Quantities.NS_PER_S),
                p.duration("aging-scale", 10 * Quantities.NS_PER_MS),
                p.duration("min-slice", Quantities.NS_PER_MS),
                p.duration("max-slice", 30 * Quantities.NS_PER_MS),
                p.number("slice-factor", 2.0, 0.01, 1000),
                (int) p.integer("candidates", 8, 1, 16),
                p.number("tie", 1.0, 0, 100),
                p.duration("vtime-scale", 20 * Quantities.NS_PER_MS),
                p.duration("sleeper-credit", 3 * Quantities.NS_PER_MS),
                p.duration("fair-slice", 6 * Quantities.NS_PER_MS),
                p.duration("wakeup-granularity", 3 * Quantities.NS_PER_MS / 2),
                p.duration("finish-burst", 750 * Quantities.NS_PER_US),
                maxDemotion(p),
                cpuBound(p),
                p.duration("cpu-quantum", Quantities.NS_PER_MS),
                cpuWeight(p),
                cpuExit(p),
                rank(p),
                (int) p.integer("size-tail", SIZE_TAIL_DEFAULT, 0, LearnedSizes.KEEP / 2),
                guardBursts(p),
                onOff(p, "deadline", true),
                oracle,
                p.number("error-bound", 1.5, 0.01, 100),
                onOff(p, "live", false),
                p.duration("latency-budget", 50 * Quantities.NS_PER_US),
                p.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    /** {@code --max-demotion}: a duration, or off (-1: no cap). */
    private static long maxDemotion(WorkloadParams p) {
        String raw = p.string("max-demotion", null);
        if (raw == null) {
            return MAX_DEMOTION_DEFAULT_NS;
        }
        if (raw.trim().equalsIgnoreCase("off")) {
            return -1;
        }
        long d = p.duration("max-demotion", MAX_DEMOTION_DEFAULT_NS);
        if (d < 0) {
            throw new KosException("--max-demotion " + raw + ": expected a duration (0 or more) or off");
        }
        return d;
    }

    private static boolean cpuBound(WorkloadParams p) {
        String r = p.string("cpu-bound", "las").trim().toLowerCase(Locale.ROOT);
        return switch (r) {
            case "las" -> true;
            case "fair" -> false;
            default -> throw new KosException("--cpu-bound " + r + ": expected las or fair");
        };
    }

    /** {@code --cpu-weight}: a number in [0, 1], or auto (-1: 1 on one CPU, 0 on more). */
    private static double cpuWeight(WorkloadParams p) {
        String raw = p.string("cpu-weight", "auto");
        if (raw.trim().equalsIgnoreCase("auto")) {
            return -1;
        }
        return p.number("cpu-weight", 1.0, 0, 1);
    }

    private static boolean cpuExit(WorkloadParams p) {
        String r = p.string("cpu-exit", "demote").trim().toLowerCase(Locale.ROOT);
        return switch (r) {
            case "keep" -> true;
            case "demote" -> false;
            default -> throw new KosException("--cpu-exit " + r + ": expected keep or demote");
        };
    }

    private static boolean guardBursts(WorkloadParams p) {
        String r = p.string("guard-bursts", "except-jobs").trim().toLowerCase(Locale.ROOT);
        return switch (r) {
            case "all" -> true;
            case "except-jobs" -> false;
            default -> throw new KosException("--guard-bursts " + r + ": expected except-jobs or all");
        };
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
        return String.format(
                Locale.ROOT,
                "attention weights=%s learn=%s optimizer=%s lr=%s update-every=%d batch=%d aging=%s min-slice=%s candidates=%d tie=%.2f "
                        + "vtime-scale=%s sleeper-credit=%s fair-slice=%s finish-burst=%s cpu-bound=%s deadline=%s error-bound=%.2f live=%s%s",
                weights,
                learn ? "on" : "off",
                optimizer.name().toLowerCase(Locale.ROOT),
                Float.toString(lr),
                updateEvery,
                batch,
                Quantities.formatDuration(agingNs),
                Quantities.formatDuration(minSliceNs),
                candidates,
                tie,
                Quantities.formatDuration(vtimeScaleNs),
                Quantities.formatDuration(sleeperCreditNs),
                Quantities.formatDuration(fairSliceNs),
                Quantities.formatDuration(finishBurstNs),
                cpuBoundLas ? "las" : "fair",
                deadline ? "on" : "off",
                errorBound,
                live ? "on" : "off",
                oracle == Oracle.OFF ? "" : " oracle=" + oracle.name().toLowerCase(Locale.ROOT));
    }
}
