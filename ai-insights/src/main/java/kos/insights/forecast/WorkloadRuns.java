package kos.insights.forecast;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kos.mem.PhysicalMemory;
import kos.sched.Scheduler;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.WorkloadParams;
import kos.workload.DiurnalPattern;
import kos.workload.DiurnalWorkload;
import kos.workload.UsageSampler;

/**
 * Simulation runs of the diurnal workload for the forecasting model: 1 GiB of memory, the default
 * 2-CPU CFS scheduler, {@code diurnal --pattern P --day 300s} for {@link #DAYS} days, observed by
 * {@link UsageSampler}. A scenario {@code P-noisy} runs pattern P with noise 0.15 instead of 0.05.
 * A run depends only on (scenario, seed); recent runs are kept so one command
 * that tunes and evaluates does not simulate the same run twice.
 */
public final class WorkloadRuns {
    public static final int DAYS = 3;
    /** The noise of a {@code P-noisy} scenario (the others run the workload's default, 0.05). */
    public static final double NOISY_SD = 0.15;

    public static final long DAY_NS = 300 * Quantities.NS_PER_S;
    /** Samples per day (one per second). */
    public static final int SEASON = (int) (DAY_NS / UsageSampler.PERIOD_NS);

    private static final int CACHE = 24;
    private static final Map<String, List<UsageSampler.Series>> RECENT = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<UsageSampler.Series>> e) {
            return size() > CACHE;
        }
    };

    private WorkloadRuns() {}

    /** The observed series of one run (per service CPU and memory, then the machine's). */
    public static List<UsageSampler.Series> run(String pattern, long seed) {
        return run(pattern, seed, DAY_NS, DAYS);
    }

    /** A run with another day length (whole seconds) and number of days (for tests). */
    public static List<UsageSampler.Series> run(String scenario, long seed, long dayNs, int days) {
        boolean noisy = scenario.endsWith("-noisy");
        String pattern = noisy ? scenario.substring(0, scenario.length() - "-noisy".length()) : scenario;
        DiurnalPattern.parse(pattern);
        String key = scenario + "/" + seed + "/" + dayNs + "/" + days;
        synchronized (RECENT) {
            List<UsageSampler.Series> hit = RECENT.get(key);
            if (hit != null) {
                return hit;
            }
        }
        Simulation sim = new Simulation(seed);
        PhysicalMemory.install(sim, 1024 * Quantities.MIB);
        Scheduler.of(sim);
        DiurnalWorkload.registerIfAbsent(sim);
        int id = sim.workloads()
                .start(
                        DiurnalWorkload.NAME,
                        new WorkloadParams(Map.of(
                                "pattern",
                                pattern,
                                "day",
                                dayNs / Quantities.NS_PER_S + "s",
                                "noise",
                                noisy ? Double.toString(NOISY_SD) : "0.05")));
        DiurnalWorkload w = (DiurnalWorkload) sim.workloads().running().stream()
                .filter(r -> r.id() == id)
                .findFirst()
                .orElseThrow()
                .workload();
        UsageSampler sampler = UsageSampler.attach(sim, w);
        sim.runFor(days * dayNs);
        sim.crashed().ifPresent(c -> {
            throw new KosException("the diurnal run " + key + " crashed: " + c);
        });
        List<UsageSampler.Series> out = List.copyOf(sampler.series());
        synchronized (RECENT) {
            RECENT.put(key, out);
        }
        return out;
    }
}
