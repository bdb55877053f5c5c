package kos.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import kos.sched.policy.GittinsIndex;
import kos.sched.policy.GittinsPolicy;
import kos.sim.KosException;
import kos.sim.Simulation;
import org.junit.jupiter.api.Test;

/**
 * The size-blind baselines (LAS/FB and the Gittins index policy) against M/G/1 formulas, on one
 * CPU with zero switch cost, load 0.5, time unit 1 ms of mean size.
 *
 * <p>The expected mean response is the FB formula (Kleinrock) averaged over the sizes the run
 * actually drew, {@code T(x) = (lambda E[min(S,x)^2] / 2) / (1 - rho_x)^2 + x / (1 - rho_x)}, which
 * removes the sampling noise of the sizes themselves; what remains is the noise of the arrival
 * pattern (about 1-2% standard error at these run lengths, so 6% tolerances are 3-4 standard
 * errors). LAS shares equal attained service round robin with a 20 us quantum (1/50 of the mean),
 * which shifts the mean by well under 1%.
 */
class SizeBlindPolicyTest {
    private static final long MS = 1_000_000;

    private static List<Task> runJobs(
            String policy, Map<String, String> params, int n, double lambdaPerMs, Distribution size, long seed) {
        Simulation sim = new Simulation(seed);
        Scheduler s = new Scheduler(
                sim,
                Scheduler.Config.DEFAULT.withCpus(1).withCosts(CostModel.ZERO),
                PolicyRegistry.standard(),
                policy,
                params);
        sim.install(Scheduler.class, s);
        SplittableRandom r = new SplittableRandom(seed);
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += -StrictMath.log(1 - r.nextDouble()) / lambdaPerMs;
            s.spawnAfter(Math.round(t * MS), TaskSpec.job("j" + i, size.sample(r, i)));
        }
        sim.runUntil(s::quiescent, Long.MAX_VALUE / 4);
        return s.tasks();
    }

    private static double meanTurnaroundMs(List<Task> tasks) {
        return tasks.stream()
                        .mapToLong(x -> x.endNs() - x.arrivalNs())
                        .average()
                        .orElseThrow()
                / MS;
    }

    /** E[min(S,x)] and E[min(S,x)^2] for a hyperexponential, closed form, x and means in ms. */
    private static double[] truncatedMoments(double p, double m1, double m2, double x) {
        double a = 0, b = 0;
        for (int k = 0; k < 2; k++) {
            double w = k == 0 ? p : 1 - p, m = k == 0 ? m1 : m2, e = Math.exp(-x / m);
            a += w * m * (1 - e);
            b += w * 2 * m * m * (1 - e * (1 + x / m));
        }
        return new double[] {a, b};
    }

    /** The FB formula's mean over the drawn sizes. */
    private static double fbMeanMs(List<Task> tasks, double lambda, double p, double m1, double m2) {
        double sum = 0;
        for (Task t : tasks) {
            double x = t.cpuTimeNs() / (double) MS;
            double[] mo = truncatedMoments(p, m1, m2, x);
            double rhoX = lambda * mo[0];
            sum += (lambda * mo[1] / 2) / ((1 - rhoX) * (1 - rhoX)) + x / (1 - rhoX);
        }
        return sum / tasks.size();
    }

    // hyper:0.9:0.5ms:5.5ms has mean 1 ms and a decreasing hazard rate (squared coefficient of variation 5.05)
    private static final Distribution HYPER = new Distribution.HyperExponential(0.9, 0.5 * MS, 5.5 * MS);

    @Test
    void lasMatchesTheFbFormulaOnDecreasingHazardSizes() {
        List<Task> tasks = runJobs("las", Map.of("quantum", "20us"), 20_000, 0.5, HYPER, 21);
        double expected = fbMeanMs(tasks, 0.5, 0.9, 0.5, 5.5);
        assertEquals(expected, meanTurnaroundMs(tasks), 0.06 * expected);
        // and LAS beats processor sharing (E[T] = E[S] / (1 - rho) = 2 ms) on these sizes
        assertTrue(meanTurnaroundMs(tasks) < 1.8, "LAS mean " + meanTurnaroundMs(tasks));
    }

    @Test
    void gittinsBecomesLasOnDecreasingHazardSizes() {
        List<Task> tasks =
                runJobs("gittins", Map.of("size", HYPER.describe(), "quantum", "20us"), 20_000, 0.5, HYPER, 22);
        double expected = fbMeanMs(tasks, 0.5, 0.9, 0.5, 5.5);
        assertEquals(expected, meanTurnaroundMs(tasks), 0.06 * expected);
    }

    @Test
    void gittinsBecomesFcfsOnFixedSizesWhereLasIsProcessorSharing() {
        // M/D/1, S = 1 ms, rho 0.5: Pollaczek-Khinchine E[T] = 1 + 0.5 * 1 / (2 * 0.5) = 1.5 ms.
        Distribution one = Distribution.fixed(MS);
        double gittins = meanTurnaroundMs(runJobs("gittins", Map.of("size", "1ms"), 40_000, 0.5, one, 23));
        assertEquals(1.5, gittins, 0.04 * 1.5, "Gittins never preempts increasing-hazard sizes: FCFS");
        // LAS serves all equal jobs together: FB formula at x = 1 gives (0.5 / 2) / 0.25 + 1 / 0.5 = 3 ms
        double las = meanTurnaroundMs(runJobs("las", Map.of("quantum", "20us"), 20_000, 0.5, one, 24));
        assertEquals(3.0, las, 0.06 * 3.0, "LAS on equal sizes");
    }

    @Test
    void indexShapeFollowsTheHazardRate() {
        GittinsIndex pareto = GittinsIndex.of(new Distribution.Pareto(1.5, MS, 0));
        // below the minimum size the index grows (completion gets closer), after it falls (decreasing hazard)
        assertTrue(pareto.index(MS / 2) > pareto.index(0));
        assertTrue(pareto.index(2 * MS) > pareto.index(4 * MS));
        assertTrue(pareto.index(4 * MS) > pareto.index(40 * MS));
        GittinsIndex exp = GittinsIndex.of(Distribution.exp(MS));
        // memoryless: the index is 1 / mean at every age (to the grid's accuracy)
        for (long a : new long[] {0, MS / 10, MS, 5 * MS}) {
            assertEquals(1.0 / MS, exp.index(a), 0.01 / MS, "age " + a);
        }
        GittinsIndex fixed = GittinsIndex.of(Distribution.fixed(MS));
        assertTrue(fixed.index(MS / 2) > fixed.index(MS / 4), "increasing with age for a fixed size");
    }

    @Test
    void multiClassGittinsIsPreemptivePriorityByExpectedSize() {
        // two exponential classes, 0.5 ms and 1.5 ms, half the arrivals each, rho 0.5: the index of each is 1 / mean,
        // so Gittins with one distribution per class is preemptive priority to the shorter class, and the M/G/1
        // preemptive-resume priority formulas give T1 = 0.5 + 0.0625 / 0.875 = 0.571 ms and
        // T2 = 1.5 / 0.875 + 0.625 / (0.875 x 0.5) = 3.143 ms, mean 1.857 ms (PS: 2.0, FCFS: 2.25)
        Simulation sim = new Simulation(25);
        Scheduler s = new Scheduler(
                sim,
                Scheduler.Config.DEFAULT.withCpus(1).withCosts(CostModel.ZERO),
                PolicyRegistry.standard(),
                "gittins",
                Map.of("size", "interactive=exp:500us,batch=exp:1500us"));
        sim.install(Scheduler.class, s);
        SplittableRandom r = new SplittableRandom(25);
        Distribution shortJobs = Distribution.exp(MS / 2), longJobs = Distribution.exp(3 * MS / 2);
        double t = 0;
        for (int i = 0; i < 40_000; i++) {
            t += -StrictMath.log(1 - r.nextDouble()) / 0.5;
            boolean first = r.nextBoolean();
            long len = (first ? shortJobs : longJobs).sample(r, i);
            s.spawnAfter(
                    Math.round(t * MS),
                    new TaskSpec(
                            "j" + i,
                            0,
                            first ? TaskClass.INTERACTIVE : TaskClass.BATCH,
                            Distribution.fixed(len),
                            null,
                            len,
                            0,
                            0,
                            null,
                            -1));
        }
        sim.runUntil(s::quiescent, Long.MAX_VALUE / 4);
        assertEquals(1.857, meanTurnaroundMs(s.tasks()), 0.06 * 1.857);
        String d = s.policy().description();
        assertTrue(d.contains("interactive=") && d.contains("batch="), d);
    }

    @Test
    void classSizesParseAndRefuseNonsense() {
        assertEquals(
                2,
                GittinsPolicy.parseClassSizes("interactive=exp:60ms, batch=list:1ms,2ms")
                        .size());
        assertTrue(GittinsPolicy.parseClassSizes("pareto:1.5:1ms").isEmpty(), "one distribution for all");
        assertThrows(KosException.class, () -> GittinsPolicy.parseClassSizes("gpu=exp:1ms"));
        assertThrows(KosException.class, () -> GittinsPolicy.parseClassSizes("batch=exp:1ms,batch=exp:2ms"));
        assertThrows(KosException.class, () -> GittinsPolicy.parseClassSizes("batch=nonsense:1"));
    }

    @Test
    void aFittedTailFallsPastTheSample() {
        // 512 Pareto(1.1) sizes: past the 17th largest, the fitted (Hill) tail's index keeps falling with age, as the
        // true decreasing-hazard index does, instead of following the sample's last few sizes
        Distribution pareto = new Distribution.Pareto(1.1, MS, 0);
        SplittableRandom r = new SplittableRandom(26);
        long[] sizes = new long[512];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = pareto.sample(r, i);
        }
        long[] sorted = sizes.clone();
        java.util.Arrays.sort(sorted);
        GittinsIndex raw = GittinsIndex.ofSamples(sizes, 512, 192);
        GittinsIndex fitted = GittinsIndex.ofSamples(sizes, 512, 192, 16);
        double prev = Double.MAX_VALUE;
        for (int k = 0; k <= 40; k++) {
            long age = sorted[511 - 16] + (sorted[511] - sorted[511 - 16]) * k / 40;
            assertTrue(fitted.index(age) <= prev * 1.0001, "falls at age " + age);
            prev = fitted.index(age);
        }
        assertTrue(fitted.index(sorted[511]) < fitted.index(sorted[511 - 16]) / 5, "a Pareto(1.1) tail");
        // in the body the two agree
        assertEquals(raw.index(sorted[100]), fitted.index(sorted[100]), 0.25 * raw.index(sorted[100]));
        assertTrue(fitted.distribution().contains("tail 16"), fitted.distribution());
    }
}
