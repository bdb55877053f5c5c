package kos.sched;

import java.util.Map;
import kos.sim.Simulation;

/** Builds schedulers for tests. */
final class SchedTestSupport {
    static final long MS = 1_000_000, S = 1_000_000_000;

    private SchedTestSupport() {}

    static Scheduler scheduler(long seed, int cpus, CostModel costs, String policy, Map<String, String> params) {
        Simulation sim = new Simulation(seed);
        Scheduler s = new Scheduler(
                sim,
                Scheduler.Config.DEFAULT.withCpus(cpus).withCosts(costs),
                PolicyRegistry.standard(),
                policy,
                params);
        sim.install(Scheduler.class, s);
        TaskMixes.registerIfAbsent(sim);
        return s;
    }
}
