package kos.sched;

import kos.sim.Simulation;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Long seeded runs against closed-form queueing results, on one CPU with zero switch cost. Time
 * unit: 1 ms of mean job size; load rho = 0.5 throughout.
 *
 * <p>Tolerances: the run lengths below give a standard error of the mean of about 1% (M/M/1,
 * 100k jobs: the response time has standard deviation 2 ms and the autocorrelation at rho 0.5
 * inflates the variance of the mean about 3x) to 1.5% (processor sharing, 20-40k jobs), so 3-5%
 * tolerances are 3 standard errors. Round robin with quantum q only approximates processor sharing
 * to O(q): q is 1/50 of the mean size, which shifts the mean by well under 1%. The seeds are fixed, so the
 * tests are deterministic; the tolerance states how far a different seed could land.
 */
class QueueingTheoryTest {
    private static final long MS = 1_000_000;

    /** Spawns n jobs with Poisson arrivals at rate lambda per ms and sizes from {@code size}; runs to completion. */
    private static Scheduler runJobs(String policy, Map<String, String> params, int n, double lambdaPerMs, Distribution size, long seed) {
        Simulation sim = new Simulation(seed);
        Scheduler s = new Scheduler(sim, Scheduler.Config.DEFAULT.withCpus(1).withCosts(CostModel.ZERO), PolicyRegistry.standard(), policy, params);
        sim.install(Scheduler.class, s);
        s.setFinishedTaskRetention(Integer.MAX_VALUE); // the means below are over every job
        SplittableRandom r = new SplittableRandom(seed);
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += -StrictMath.log(1 - r.nextDouble()) / lambdaPerMs;
            long len = size.sample(r, i);
            s.spawnAfter(Math.round(t * MS), TaskSpec.job("j" + i, len));
        }
        sim.runUntil(s::quiescent, Long.MAX_VALUE / 4);
        return s;
    }

    private static double meanTurnaroundMs(Scheduler s) {
        return s.tasks().stream().mapToLong(x -> x.endNs() - x.arrivalNs()).average().orElseThrow() / MS;
    }

    private static double meanSlowdown(Scheduler s) {
        return s.tasks().stream().mapToDouble(x -> (double) (x.endNs() - x.arrivalNs()) / x.cpuTimeNs()).average().orElseThrow();
    }

    @Test
    void mm1FifoMatchesOneOverMuMinusLambda() {
        Scheduler s = runJobs("fifo", Map.of(), 100_000, 0.5, Distribution.exp(MS), 11);
        assertEquals(1.0 / (1.0 - 0.5), meanTurnaroundMs(s), 0.03 * 2.0);
    }

    @Test
    void roundRobinApproachesProcessorSharingForExponentialSizes() {
        Scheduler s = runJobs("rr", Map.of("quantum", "20us"), 40_000, 0.5, Distribution.exp(MS), 12);
        assertEquals(1.0 / (1 - 0.5), meanTurnaroundMs(s), 0.05 * 2.0, "E[T] = E[S] / (1 - rho)");
        assertEquals(2.0, meanSlowdown(s), 0.05 * 2.0, "mean slowdown 1 / (1 - rho)");
    }

    @Test
    void roundRobinApproachesProcessorSharingForHeavyTailedSizes() {
        // Pareto(1.5) capped at 50x its scale; the load uses the capped distribution's exact mean
        double shape = 1.5, xm = MS / 3.0, cap = 50 * xm;
        double mean = xm + Math.pow(xm, shape) * (Math.pow(cap, 1 - shape) - Math.pow(xm, 1 - shape)) / (1 - shape);
        double rho = 0.5, lambdaPerMs = rho / (mean / MS);
        Scheduler s = runJobs("rr", Map.of("quantum", "15us"), 20_000, lambdaPerMs, new Distribution.Pareto(shape, xm, cap), 13);
        // slowdown is insensitive to the size distribution under PS and, unlike E[T], its sample
        // mean is not dominated by a few huge jobs
        assertEquals(1 / (1 - rho), meanSlowdown(s), 0.05 * 2.0, "mean slowdown 1 / (1 - rho) whatever the sizes");
    }
}
