package kos.sched.policy;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import kos.sched.PolicyFactory;
import kos.sched.SchedContext;
import kos.sched.SchedulingPolicy;
import kos.sched.Topology;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.WorkloadParams;

/** The policies kos ships, as registry factories with their parameters and defaults. */
public final class BuiltinPolicies {
    private BuiltinPolicies() {}

    /** A factory from a name, a summary, option names and a constructor. */
    public record Simple(
            String name,
            String summary,
            Set<String> options,
            BiFunction<SchedContext, WorkloadParams, SchedulingPolicy> creator)
            implements PolicyFactory {
        public Simple {
            options = java.util.Collections.unmodifiableSortedSet(
                    new java.util.TreeSet<>(options)); // stable listing order
        }

        @Override
        public SchedulingPolicy create(SchedContext ctx, WorkloadParams params) {
            return creator.apply(ctx, params);
        }
    }

    public static List<PolicyFactory> all() {
        return List.of(
                new Simple(
                        "fifo",
                        "first in, first out; runs each task until it blocks or ends; --queues global|per-cpu",
                        Set.of("queues"),
                        (c, p) -> new FifoPolicy(c, "fifo", Long.MAX_VALUE, queues(p))),
                new Simple(
                        "sjf",
                        "shortest job (next burst) first, non-preemptive; oracle",
                        Set.of(),
                        (c, p) -> new OraclePolicy(c, OraclePolicy.Mode.SJF)),
                new Simple(
                        "stcf",
                        "shortest time to completion first (preemptive SJF, PSJF); oracle",
                        Set.of(),
                        (c, p) -> new OraclePolicy(c, OraclePolicy.Mode.STCF)),
                new Simple(
                        "srpt",
                        "shortest remaining processing time, preemptive, perfect knowledge: the mean-completion bound",
                        Set.of(),
                        (c, p) -> new OraclePolicy(c, OraclePolicy.Mode.SRPT)),
                new Simple(
                        "las",
                        "least attained service first (FB): size-blind, best for decreasing-hazard sizes; --quantum (default 1ms) for ties",
                        Set.of("quantum"),
                        (c, p) -> new LasPolicy(c, positive(p, "quantum", Quantities.NS_PER_MS))),
                new Simple(
                        "gittins",
                        "Gittins index for a known size distribution --size DIST (default pareto:1.5:6.67ms, the heavy-tail mix) or one per class, --size interactive=exp:60ms,batch=exp:1s; --quantum",
                        Set.of("size", "quantum"),
                        (c, p) -> GittinsPolicy.of(
                                c,
                                p.string("size", "pareto:1.5:6667us"),
                                positive(p, "quantum", Quantities.NS_PER_MS))),
                new Simple(
                        "rr",
                        "round robin with --quantum (default 10ms); --queues global|per-cpu",
                        Set.of("quantum", "queues"),
                        (c, p) ->
                                new FifoPolicy(c, "rr", positive(p, "quantum", 10 * Quantities.NS_PER_MS), queues(p))),
                new Simple(
                        "mlfq",
                        "multi-level feedback queue (OSTEP rules 1-5): --levels --quantum --allotment --boost --growth",
                        Set.of("levels", "quantum", "allotment", "boost", "growth"),
                        (c, p) -> {
                            long q = positive(p, "quantum", 10 * Quantities.NS_PER_MS);
                            return new MlfqPolicy(
                                    c,
                                    (int) p.integer("levels", 3, 1, 64),
                                    q,
                                    positive(p, "allotment", q),
                                    durationOrOff(p, "boost", Quantities.NS_PER_S),
                                    (int) p.integer("growth", 1, 1, 16));
                        }),
                new Simple(
                        "cfs",
                        "Linux CFS: weights, vruntime, --latency --min-granularity --wakeup-granularity (unscaled)",
                        Set.of("latency", "min-granularity", "wakeup-granularity"),
                        (c, p) -> new CfsPolicy(
                                c,
                                positive(p, "latency", 6 * Quantities.NS_PER_MS),
                                positive(p, "min-granularity", 750 * Quantities.NS_PER_US),
                                p.duration("wakeup-granularity", Quantities.NS_PER_MS))),
                new Simple(
                        "eevdf",
                        "Linux EEVDF: lag, eligibility, virtual deadlines, --base-slice (unscaled, default 0.75ms)",
                        Set.of("base-slice"),
                        (c, p) -> new EevdfPolicy(c, positive(p, "base-slice", 750 * Quantities.NS_PER_US))),
                new Simple(
                        "edf",
                        "partitioned EDF with CBS servers and admission control: --bound 0.85 --admission on|off --quantum",
                        Set.of("bound", "admission", "quantum"),
                        (c, p) -> new EdfPolicy(
                                c,
                                p.number("bound", 0.85, 0.01, 64),
                                onOff(p, "admission", true),
                                positive(p, "quantum", 10 * Quantities.NS_PER_MS))));
    }

    static Topology queues(WorkloadParams p) {
        String q = p.string("queues", "global").trim().toLowerCase(Locale.ROOT);
        return switch (q) {
            case "global" -> Topology.GLOBAL;
            case "per-cpu", "percpu" -> Topology.PER_CPU;
            default -> throw new KosException("--queues " + q + ": expected global or per-cpu");
        };
    }

    static long positive(WorkloadParams p, String key, long dflt) {
        long v = p.duration(key, dflt);
        if (v <= 0) {
            throw new KosException("--" + key + " must be positive");
        }
        return v;
    }

    static long durationOrOff(WorkloadParams p, String key, long dflt) {
        String raw = p.string(key, null);
        if (raw == null) {
            return dflt;
        }
        String r = raw.trim().toLowerCase(Locale.ROOT);
        return r.equals("off") || r.equals("0") ? 0 : p.duration(key, dflt);
    }

    static boolean onOff(WorkloadParams p, String key, boolean dflt) {
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
}
