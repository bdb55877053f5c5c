package kos.insights.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import kos.insights.ml.Mlp;
import kos.mem.BuddyAllocator;
import kos.mem.FileAccessWorkload;
import kos.mem.PageCache;
import kos.mem.PageCacheCharge;
import kos.mem.PhysicalMemory;
import kos.sched.Scheduler;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.WorkloadParams;
import kos.workload.DiurnalWorkload;
import kos.workload.UsageSampler;

/**
 * The workload forecast used in a decision: <b>forecast-driven early reclaim</b>. A machine of
 * {@value #MEMORY_MIB} MiB runs the diurnal services (their memory follows the day) beside tasks
 * reading files through a page cache charged to the allocator ({@link PageCacheCharge}) that grows
 * into every free page. When a service's memory grows faster than kswapd frees cache, its
 * allocations fall below the min watermark and stall in direct reclaim. Once per second a
 * controller forecasts each service's memory {@value #HORIZON_S} s ahead and raises kswapd's
 * watermarks ({@link PhysicalMemory#reclaimBoost}) by the forecast growth plus the forecast's recent
 * error (a prediction interval), so cache is dropped before the demand arrives rather than while it
 * waits. (The point growth alone was measured first; on the training seeds it lost to a fixed
 * headroom of the same mean and the interval rule won, so the interval rule is the one used.)
 *
 * <p>Policies, on exactly the same runs: {@code kswapd} (Linux's watermarks only), {@code headroom}
 * (a fixed boost: the mean boost kos's forecast asked for on the training seeds, so the same
 * memory is kept free on average), {@code holt-winters} (the same rule driven by Holt-Winters, its
 * parameters tuned on the training seeds as {@code ml eval} tunes them) and {@code kos} (the
 * trained workload model) and {@code kos-matched} (kos with its interval widened so that on the
 * training seeds it keeps as much memory free on average as Holt-Winters does: the two forecasts
 * compared at equal reserved memory) beside {@code headroom-hw} (a fixed boost of Holt-Winters'
 * mean on the training seeds: what that much memory kept free buys without any forecast). Scored over the second day (the first trains the forecasters' season):
 * memory stall time (direct reclaim and compaction charged to the allocating tasks), direct
 * reclaims, the mean boost, and the page cache's hit rate (what keeping memory free costs).
 */
public final class ReclaimDecision {
    public static final int MEMORY_MIB = 128;
    public static final int HORIZON_S = 1;
    public static final List<String> POLICIES =
            List.of("kswapd", "headroom", "holt-winters", "kos", "headroom-hw", "kos-matched");
    public static final List<Long> TRAIN_SEEDS = List.of(1L, 2L, 3L);
    /** Seeds 201, 202: 101 and 102 were looked at while the forecaster was changed in session 6. */
    public static final List<Long> EVAL_SEEDS = List.of(201L, 202L);

    public static final List<String> MIXES = List.of("office", "batch");
    private static final int CACHE_PAGES = MEMORY_MIB * (int) (Quantities.MIB / BuddyAllocator.PAGE_SIZE);

    /** One run's result over its scored day. */
    public record Run(
            String mix,
            long seed,
            String policy,
            double stallMs,
            long directReclaims,
            double meanBoostMiB,
            double cacheHitRate,
            long oomKills,
            double meanGrowthMiB,
            double meanErrorMiB) {}

    /** Per policy, totals over the runs, and its stall time relative to each other policy. */
    public record PolicyTotal(
            String policy, double stallMs, long directReclaims, double meanBoostMiB, double hitRate) {}

    public record Report(
            List<String> mixes,
            List<Long> seeds,
            double headroomMiB,
            double[] holtWinters,
            double matchedScale,
            double holtWintersTrainBoostMiB,
            List<Run> runs,
            List<PolicyTotal> totals) {
        public PolicyTotal total(String policy) {
            return totals.stream()
                    .filter(t -> t.policy().equals(policy))
                    .findFirst()
                    .orElseThrow();
        }

        /** (a - b) / b of the stall time, as a share. */
        public double stallChange(String a, String b) {
            return total(a).stallMs() / total(b).stallMs() - 1;
        }
    }

    private ReclaimDecision() {}

    /** Tunes on the training seeds, then runs every policy on every (mix, seed). */
    public static Report evaluate(Mlp model, List<String> mixes, List<Long> seeds, BooleanSupplier interrupted) {
        if (mixes.isEmpty() || seeds.isEmpty()) {
            throw new KosException("ml decide needs at least one mix and one seed");
        }
        for (String m : mixes) {
            kos.workload.DiurnalPattern.parse(m);
        }
        double[] hw = WorkloadForecastModel.tunedHoltWinters("mem", HORIZON_S, interrupted);
        KosForecaster.BlendParams blend = WorkloadForecastModel.blendParams("mem", interrupted);
        int nt = TRAIN_SEEDS.size() * mixes.size();
        List<Run> train = parallel(
                2 * nt,
                i -> run(
                        mixes.get(i % nt / TRAIN_SEEDS.size()),
                        TRAIN_SEEDS.get(i % TRAIN_SEEDS.size()),
                        i < nt ? "kos" : "holt-winters",
                        0,
                        model,
                        hw,
                        blend,
                        1),
                interrupted);
        List<Run> kosTrain = train.subList(0, nt), hwTrain = train.subList(nt, 2 * nt);
        double headroom =
                kosTrain.stream().mapToDouble(Run::meanBoostMiB).average().orElse(0);
        double hwBoost =
                hwTrain.stream().mapToDouble(Run::meanBoostMiB).average().orElse(0);
        double growth =
                kosTrain.stream().mapToDouble(Run::meanGrowthMiB).average().orElse(0);
        double error =
                kosTrain.stream().mapToDouble(Run::meanErrorMiB).average().orElse(0);
        // the boost is growth + scale * error, and neither depends on the boost (the services'
        // memory does not): the scale that keeps Holt-Winters' mean reserve on the training seeds
        double scale = error > 0 ? Math.max(0, (hwBoost - growth) / error) : 1;
        int per = POLICIES.size();
        List<Run> runs = parallel(
                mixes.size() * seeds.size() * per,
                i -> {
                    int cell = i / per;
                    return run(
                            mixes.get(cell / seeds.size()),
                            seeds.get(cell % seeds.size()),
                            POLICIES.get(i % per),
                            POLICIES.get(i % per).equals("headroom-hw") ? hwBoost : headroom,
                            model,
                            hw,
                            blend,
                            scale);
                },
                interrupted);
        List<PolicyTotal> totals = new ArrayList<>();
        for (String p : POLICIES) {
            List<Run> rs = runs.stream().filter(r -> r.policy().equals(p)).toList();
            totals.add(new PolicyTotal(
                    p,
                    rs.stream().mapToDouble(Run::stallMs).sum(),
                    rs.stream().mapToLong(Run::directReclaims).sum(),
                    rs.stream().mapToDouble(Run::meanBoostMiB).average().orElse(0),
                    rs.stream().mapToDouble(Run::cacheHitRate).average().orElse(0)));
        }
        return new Report(mixes, seeds, headroom, hw, scale, hwBoost, runs, totals);
    }

    private static List<Run> parallel(int n, IntFunction<Run> f, BooleanSupplier interrupted) {
        List<Run> out = IntStream.range(0, n)
                .parallel()
                .mapToObj(i -> interrupted.getAsBoolean() ? null : f.apply(i))
                .toList();
        if (out.contains(null)) {
            throw new KosException("interrupted");
        }
        return out;
    }

    /** One run: two days of {@code mix} on {@code seed} under {@code policy}, scored over the second. */
    public static Run run(String mix, long seed, String policy, double headroomMiB, Mlp model, double[] hw) {
        return run(mix, seed, policy, headroomMiB, model, hw, null, 1);
    }

    /**
     * A run. The boost is each service's forecast growth plus its recent forecast error (an EWMA,
     * 0.1, of |forecast - actual| of its 1 s forecasts), a prediction interval; {@code kos-matched}
     * scales the error by {@code matchedScale} (the other policies by 1). kos's forecaster is the
     * network blended with Holt-Winters by {@code blend} ({@code null}: the network alone).
     */
    public static Run run(
            String mix,
            long seed,
            String policy,
            double headroomMiB,
            Mlp model,
            double[] hw,
            KosForecaster.BlendParams blend,
            double matchedScale) {
        long day = WorkloadRuns.DAY_NS;
        Simulation sim = new Simulation(seed);
        PhysicalMemory mem = PhysicalMemory.install(sim, MEMORY_MIB * Quantities.MIB);
        Scheduler.of(sim);
        PageCache cache = new PageCache(CACHE_PAGES);
        sim.install(PageCache.class, cache);
        PageCacheCharge.attach(sim, mem, cache);
        DiurnalWorkload.registerIfAbsent(sim);
        FileAccessWorkload.registerIfAbsent(sim);
        int id = sim.workloads()
                .start(
                        DiurnalWorkload.NAME,
                        new WorkloadParams(Map.of("pattern", mix, "day", day / Quantities.NS_PER_S + "s")));
        DiurnalWorkload w = (DiurnalWorkload) sim.workloads().running().stream()
                .filter(r -> r.id() == id)
                .findFirst()
                .orElseThrow()
                .workload();
        sim.workloads().start(FileAccessWorkload.NAME, new WorkloadParams(Map.of("pattern", "random", "rate", "2000")));
        List<Forecaster> fs = new ArrayList<>();
        for (int i = 0; i < w.services().size(); i++) {
            fs.add(
                    switch (policy) {
                        case "kos", "kos-matched" -> new KosForecaster(model, WorkloadRuns.SEASON, false, false, blend);
                        case "holt-winters" -> new HoltWinters(WorkloadRuns.SEASON, hw[0], hw[1], hw[2]);
                        case "kswapd", "headroom", "headroom-hw" -> null;
                        default ->
                            throw new KosException(
                                    "unknown policy '" + policy + "': expected " + String.join(", ", POLICIES));
                    });
        }
        long pagesPerMiB = Quantities.MIB / BuddyAllocator.PAGE_SIZE;
        long fixed = policy.startsWith("headroom") ? Math.round(headroomMiB * pagesPerMiB) : 0;
        mem.reclaimBoost(fixed);
        double[] last = new double[fs.size()], err = new double[fs.size()];
        Arrays.fill(last, Double.NaN);
        double margin = policy.equals("kos-matched") ? matchedScale : 1;
        double[] boostSum = new double[3];
        long[] boostSamples = new long[1];
        sim.every(UsageSampler.PERIOD_NS, s -> {
            if (fs.get(0) == null) {
                if (s.now() > day) {
                    boostSum[0] += fixed;
                    boostSamples[0]++;
                }
                return;
            }
            double growMiB = 0, errMiB = 0;
            for (int i = 0; i < fs.size(); i++) {
                double m = w.services().get(i).memoryBytes() / (double) Quantities.MIB;
                Forecaster f = fs.get(i);
                if (!Double.isNaN(last[i])) {
                    err[i] = 0.9 * err[i] + 0.1 * Math.abs(last[i] - m);
                }
                f.observe(m);
                last[i] = f.forecast(HORIZON_S);
                growMiB += Math.max(0, last[i] - m);
                errMiB += err[i];
            }
            long boost = Math.min(mem.zone().pages() / 2, Math.round((growMiB + margin * errMiB) * pagesPerMiB));
            mem.reclaimBoost(boost);
            if (s.now() > day) {
                boostSum[0] += boost;
                boostSum[1] += growMiB;
                boostSum[2] += errMiB;
                boostSamples[0]++;
            }
        });
        sim.runFor(day);
        PhysicalMemory.Counters c0 = mem.counters();
        cache.resetStats();
        sim.runFor(day);
        PhysicalMemory.Counters c1 = mem.counters();
        return new Run(
                mix,
                seed,
                policy,
                (c1.stallNs() - c0.stallNs()) / 1e6,
                c1.directReclaims() - c0.directReclaims(),
                boostSamples[0] == 0 ? 0 : boostSum[0] / boostSamples[0] / pagesPerMiB,
                cache.stats().hitRate(),
                c1.oomKills() - c0.oomKills(),
                boostSamples[0] == 0 ? 0 : boostSum[1] / boostSamples[0],
                boostSamples[0] == 0 ? 0 : boostSum[2] / boostSamples[0]);
    }
}
