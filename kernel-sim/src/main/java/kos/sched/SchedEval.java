package kos.sched;

import java.util.Map;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.Trace;
import kos.sim.WorkloadParams;

/**
 * The reusable evaluation entry point: runs a named task mix under a policy in a fresh
 * {@link Simulation} and returns its metrics. It touches no shared mutable state (the policy
 * registry only holds stateless factories), so many evaluations can run on parallel threads.
 */
public final class SchedEval {
    private SchedEval() {}

    /**
     * What to evaluate.
     *
     * @param workload       a task-mix name ({@link TaskMixes#NAMES}) or any workload registered by {@code setup}
     * @param durationNs     how long to run, or 0 to run until every task has finished
     * @param limitNs        with duration 0, the virtual-time limit (the run reports {@code finished=false} if hit)
     */
    public record Spec(
            String workload,
            Map<String, String> workloadParams,
            String policy,
            Map<String, String> policyParams,
            int cpus,
            long seed,
            long durationNs,
            long limitNs,
            CostModel costs) {
        public Spec {
            workloadParams = Map.copyOf(workloadParams);
            policyParams = Map.copyOf(policyParams);
            if (durationNs < 0 || limitNs < 0) {
                throw new KosException("duration and limit must not be negative");
            }
        }

        /** Defaults: default costs, run until all finish within 1 h of virtual time. */
        public static Spec of(String workload, Map<String, String> workloadParams, String policy, int cpus, long seed) {
            return new Spec(
                    workload,
                    workloadParams,
                    policy,
                    Map.of(),
                    cpus,
                    seed,
                    0,
                    3600 * Quantities.NS_PER_S,
                    CostModel.DEFAULT);
        }

        public Spec withDuration(long ns) {
            return new Spec(workload, workloadParams, policy, policyParams, cpus, seed, ns, limitNs, costs);
        }

        public Spec withPolicy(String name, Map<String, String> params) {
            return new Spec(workload, workloadParams, name, params, cpus, seed, durationNs, limitNs, costs);
        }

        public Spec withSeed(long s) {
            return new Spec(workload, workloadParams, policy, policyParams, cpus, s, durationNs, limitNs, costs);
        }
    }

    /** The outcome: metrics, how many events ran, the trace digest, and whether every task finished. */
    public record Result(Spec spec, SchedMetrics metrics, long events, String digest, boolean finished) {}

    public static Result run(Spec spec) {
        return run(spec, PolicyRegistry.standard());
    }

    public static Result run(Spec spec, PolicyRegistry registry) {
        Simulation sim = new Simulation(spec.seed());
        Scheduler s = new Scheduler(
                sim,
                Scheduler.Config.DEFAULT.withCpus(spec.cpus()).withCosts(spec.costs()),
                registry,
                spec.policy(),
                spec.policyParams());
        sim.install(Scheduler.class, s);
        TaskMixes.registerIfAbsent(sim);
        sim.workloads().start(spec.workload(), new WorkloadParams(spec.workloadParams()));
        if (spec.durationNs() > 0) {
            sim.runFor(spec.durationNs());
        } else {
            sim.runUntil(s::quiescent, spec.limitNs());
        }
        return new Result(
                spec, s.metrics(), sim.eventsProcessed(), Trace.hex(sim.trace().digest()), s.quiescent());
    }
}
