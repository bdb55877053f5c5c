package kos.insights.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import kos.insights.ml.EvalReport;
import kos.insights.ml.MlModel;
import kos.insights.ml.Mlp;
import kos.insights.ml.TrainConfig;
import kos.ml.data.Dataset;
import kos.sim.KosException;
import kos.workload.DiurnalPattern;
import kos.workload.DiurnalWorkload;
import kos.workload.UsageSampler;

/**
 * The workload predictor: forecasts each service's and the machine's CPU (in CPUs) and memory (MiB)
 * 1 s and 10 s ahead on the diurnal workload's patterns. Scenarios are the patterns
 * ({@code office}, {@code web}, {@code batch}). Accuracy: the share of forecasts within 10% of the
 * truth ({@code |f - y| <= 0.1 |y|}), and the mean absolute percentage error; both are reported,
 * for the learned model and for last value, EWMA and Holt-Winters, whose smoothing parameters are
 * tuned by grid search on the training seeds (the held-out seeds never tune anything).
 */
public final class WorkloadForecastModel implements MlModel {
    public static final String NAME = "workload";
    /** The held-out generator: the office pattern with noise 0.15 instead of 0.05. */
    public static final String NOISY = "office-noisy";
    /** Forecasts are scored from the second day on: every method has seen a full day by then. */
    private static final double[] EWMA_GRID = {0.1, 0.3, 0.5, 0.8};

    private static final double[] HW_ALPHA = {0.2, 0.5, 0.8}, HW_BETA = {0, 0.01}, HW_GAMMA = {0.05, 0.2, 0.5};
    private static final List<String> RESOURCES = List.of("cpu", "mem");
    /**
     * The blend's fast and slow decays and its gate ({@link KosForecaster.Blend}), chosen on the
     * validation seeds 4-6.
     */
    static final double[] BLEND = {0.05, 0.005, 0.05};
    /**
     * Each machine sample is written this many times: a run has one machine series per resource
     * against six services', so without it the machine's forecasts would weigh a seventh of the
     * tasks' in training.
     */
    static final int MACHINE_WEIGHT = 6;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "workload predictor: each task's and the machine's CPU and memory 1 s and 10 s ahead (diurnal patterns)";
    }

    @Override
    public Mlp.Loss loss() {
        return Mlp.Loss.MSE;
    }

    @Override
    public List<String> features() {
        return SeriesFeatures.NAMES;
    }

    @Override
    public List<String> labels() {
        return SeriesFeatures.LABELS;
    }

    @Override
    public TrainConfig defaults() {
        return new TrainConfig(60, 64, 0.002, 24, 10, 0.2, 1);
    }

    @Override
    public List<String> scenarios() {
        return Arrays.stream(DiurnalPattern.values()).map(DiurnalPattern::label).toList();
    }

    /** The three patterns, and a held-out variant never trained on: office with three times the noise. */
    @Override
    public List<String> evalScenarios() {
        List<String> all = new ArrayList<>(scenarios());
        all.add(NOISY);
        return all;
    }

    /** Noisy variants of the other two patterns, for training on noise without the held-out generator. */
    @Override
    public List<String> extraScenarios() {
        return List.of("web-noisy", "batch-noisy");
    }

    @Override
    public List<Long> trainSeeds() {
        return List.of(1L, 2L, 3L);
    }

    /**
     * Seeds 201-205: 101-105, the earlier held-out set, were looked at while the features and the
     * training mix were chosen in session 6, so they are no longer held out.
     */
    @Override
    public List<Long> evalSeeds() {
        return List.of(201L, 202L, 203L, 204L, 205L);
    }

    @Override
    public String scoreName() {
        return "share of forecasts (all series, 1 s and 10 s) within 10% of the truth";
    }

    private record Run(String scenario, long seed, List<UsageSampler.Series> series) {}

    private List<Run> runs(List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted) {
        int n = scenarios.size() * seeds.size();
        return IntStream.range(0, n)
                .parallel()
                .mapToObj(i -> {
                    if (interrupted.getAsBoolean()) {
                        return null;
                    }
                    String sc = scenarios.get(i / seeds.size());
                    long seed = seeds.get(i % seeds.size());
                    return new Run(sc, seed, WorkloadRuns.run(sc, seed));
                })
                .toList()
                .stream()
                .filter(r -> r != null)
                .toList();
    }

    @Override
    public Dataset collect(List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted) {
        Dataset d = new Dataset(NAME, SeriesFeatures.NAMES, SeriesFeatures.LABELS);
        double[] x = new double[SeriesFeatures.NAMES.size()], y = new double[SeriesFeatures.LABELS.size()];
        for (Run r : runs(scenarios, seeds, interrupted)) {
            for (UsageSampler.Series s : r.series()) {
                SeriesFeatures f =
                        new SeriesFeatures(WorkloadRuns.SEASON, s.resource().equals("cpu"), s.machine());
                for (int i = 0; i < s.size(); i++) {
                    f.observe(s.get(i));
                    if (f.ready() && i + 10 < s.size()) {
                        f.features(x);
                        for (int k = 0; k < y.length; k++) {
                            y[k] = f.ratio(s.get(i + SeriesFeatures.HORIZONS[k]), s.get(i));
                        }
                        String group = r.scenario() + "/seed=" + r.seed() + "/" + s.name();
                        for (int w = s.machine() ? MACHINE_WEIGHT : 1; w > 0; w--) {
                            d.add(group, x, y);
                        }
                    }
                }
            }
        }
        return d;
    }

    @Override
    public double accuracy(double[] x, double[] predicted, double[] label) {
        // within 10% of the truth: |exp(pred - label) - 1| <= 0.1 (the ratio scale; eps is small)
        double s = 0;
        for (int k = 0; k < label.length; k++) {
            s += Math.abs(Math.exp(predicted[k] - label[k]) - 1) <= 0.1 ? 1 : 0;
        }
        return s / label.length;
    }

    /** Running tallies of one (method, target, horizon). */
    private static final class Tally {
        long n, within;
        double ape;

        void add(double f, double y) {
            n++;
            double err = Math.abs(f - y), base = Math.max(Math.abs(y), 1e-9);
            within += err <= 0.1 * Math.abs(y) ? 1 : 0;
            ape += err / base;
        }

        void add(Tally o) {
            n += o.n;
            within += o.within;
            ape += o.ape;
        }

        double withinShare() {
            return n == 0 ? Double.NaN : (double) within / n;
        }

        double mape() {
            return n == 0 ? Double.NaN : ape / n;
        }
    }

    /** Scores forecasters made by {@code make} over one series, into tallies per horizon index. */
    private static void score(UsageSampler.Series s, Supplier<Forecaster> make, Tally[] byHorizon) {
        Forecaster f = make.get();
        int n = s.size();
        for (int i = 0; i < n; i++) {
            f.observe(s.get(i));
            if (i >= WorkloadRuns.SEASON && i + 10 < n) {
                for (int k = 0; k < SeriesFeatures.HORIZONS.length; k++) {
                    int h = SeriesFeatures.HORIZONS[k];
                    byHorizon[k].add(f.forecast(h), s.get(i + h));
                }
            }
        }
    }

    private interface Maker {
        Forecaster make(UsageSampler.Series s);
    }

    private static Tally[] tallyAll(List<Run> runs, String resource, Boolean machine, Maker maker) {
        Tally[] t = {new Tally(), new Tally()};
        for (Run r : runs) {
            for (UsageSampler.Series s : r.series()) {
                if (s.resource().equals(resource) && (machine == null || s.machine() == machine)) {
                    score(s, () -> maker.make(s), t);
                }
            }
        }
        return t;
    }

    /**
     * Holt-Winters' (alpha, beta, gamma) for {@code resource} ("cpu" or "mem") at {@code horizon}
     * seconds, tuned as {@code ml eval} tunes it: grid search on the training seeds.
     */
    static double[] tunedHoltWinters(String resource, int horizon, BooleanSupplier interrupted) {
        Tuned t = new WorkloadForecastModel().tune(interrupted).get(resource + "@" + horizon);
        if (t == null) {
            throw new IllegalArgumentException("no tuned Holt-Winters for " + resource + "@" + horizon);
        }
        return t.hw().clone();
    }

    /** Baseline parameters tuned on the training seeds, per resource and horizon. */
    private record Tuned(double ewmaAlpha, double[] hw) {}

    /** The tuned parameters, once per JVM: they depend only on the training seeds' runs. */
    private static volatile Map<String, Tuned> tunedOnce;

    private Map<String, Tuned> tune(BooleanSupplier interrupted) {
        Map<String, Tuned> t = tunedOnce;
        if (t == null) {
            t = tuneNow(interrupted);
            if (interrupted.getAsBoolean()) {
                throw new KosException("interrupted");
            }
            tunedOnce = t;
        }
        return t;
    }

    private Map<String, Tuned> tuneNow(BooleanSupplier interrupted) {
        List<Run> train = runs(scenarios(), trainSeeds(), interrupted);
        Map<String, Tuned> out = new TreeMap<>();
        for (String res : RESOURCES) {
            for (int k = 0; k < SeriesFeatures.HORIZONS.length; k++) {
                final int hk = k;
                double bestE = -1, bestEw = 0;
                for (double a : EWMA_GRID) {
                    double w = tallyAll(train, res, null, s -> new Forecaster.Ewma(a))[hk].withinShare();
                    if (w > bestEw) {
                        bestEw = w;
                        bestE = a;
                    }
                }
                double[] bestHw = null;
                double bestHwW = -1;
                for (double a : HW_ALPHA) {
                    for (double b : HW_BETA) {
                        for (double g : HW_GAMMA) {
                            double w =
                                    tallyAll(train, res, null, s -> new HoltWinters(WorkloadRuns.SEASON, a, b, g))[hk]
                                            .withinShare();
                            if (w > bestHwW) {
                                bestHwW = w;
                                bestHw = new double[] {a, b, g};
                            }
                        }
                    }
                }
                out.put(res + "@" + SeriesFeatures.HORIZONS[k], new Tuned(bestE, bestHw));
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The blend of kos's forecaster for {@code resource}: Holt-Winters as tuned for each horizon. */
    private static KosForecaster.BlendParams blend(Map<String, Tuned> tuned, String resource, double[] blend) {
        return new KosForecaster.BlendParams(
                tuned.get(resource + "@" + SeriesFeatures.HORIZONS[0]).hw(),
                tuned.get(resource + "@" + SeriesFeatures.HORIZONS[1]).hw(),
                blend[0],
                blend[1],
                blend[2]);
    }

    /**
     * The blend of kos's forecaster of {@code resource} ("cpu" or "mem") as {@code ml eval},
     * {@code ml ab} and {@code ml decide} use it: Holt-Winters tuned on the training seeds for each
     * horizon, and {@link #BLEND}.
     */
    static KosForecaster.BlendParams blendParams(String resource, BooleanSupplier interrupted) {
        return blend(new WorkloadForecastModel().tune(interrupted), resource, BLEND);
    }

    @Override
    public EvalReport evaluate(Mlp model, List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted) {
        return evaluate(model, scenarios, seeds, interrupted, BLEND);
    }

    /** {@link #evaluate} with other blend settings {fast, slow, gate} (for choosing them on validation seeds). */
    EvalReport evaluate(
            Mlp model, List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted, double[] blend) {
        Map<String, Tuned> tuned = tune(interrupted);
        List<EvalReport.Row> rows = new ArrayList<>();
        List<String> methods = List.of("kos", "kos-net", "holt-winters", "ewma", "last-value");
        List<EvalReport.Goal> goals = new ArrayList<>();
        boolean beatsEverywhere = true;
        StringBuilder beatEvidence = new StringBuilder();
        Tally kos1 = new Tally();
        Map<String, Tally> kos1By = new LinkedHashMap<>(), taskCpu1By = new LinkedHashMap<>();
        for (String sc : scenarios) {
            List<Run> runs = runs(List.of(sc), seeds, interrupted);
            for (String scope : List.of("task", "machine")) {
                for (String res : RESOURCES) {
                    Map<String, Tally[]> byMethod = new LinkedHashMap<>();
                    Boolean machine = scope.equals("machine");
                    for (String m : methods) {
                        Tally[] t = new Tally[2];
                        for (int k = 0; k < 2; k++) {
                            int h = SeriesFeatures.HORIZONS[k];
                            Tuned tu = tuned.get(res + "@" + h);
                            Maker mk = switch (m) {
                                case "kos" ->
                                    s -> new KosForecaster(
                                            model,
                                            WorkloadRuns.SEASON,
                                            res.equals("cpu"),
                                            s.machine(),
                                            blend(tuned, res, blend));
                                case "kos-net" ->
                                    s -> new KosForecaster(model, WorkloadRuns.SEASON, res.equals("cpu"), s.machine());
                                case "holt-winters" ->
                                    s -> new HoltWinters(WorkloadRuns.SEASON, tu.hw()[0], tu.hw()[1], tu.hw()[2]);
                                case "ewma" -> s -> new Forecaster.Ewma(tu.ewmaAlpha());
                                default -> s -> new Forecaster.LastValue();
                            };
                            t[k] = tallyAll(runs, res, machine, mk)[k];
                        }
                        byMethod.put(m, t);
                    }
                    for (int k = 0; k < 2; k++) {
                        String target = scope + "." + res + "@" + SeriesFeatures.HORIZONS[k] + "s";
                        for (String m : methods) {
                            Tally t = byMethod.get(m)[k];
                            rows.add(new EvalReport.Row(sc, target, m, metrics(t)));
                        }
                        Tally kt = byMethod.get("kos")[k], hw = byMethod.get("holt-winters")[k];
                        if (k == 0) {
                            kos1.add(kt);
                            kos1By.computeIfAbsent(sc, x -> new Tally()).add(kt);
                            if (scope.equals("task") && res.equals("cpu")) {
                                taskCpu1By.put(sc, kt);
                            }
                        }
                        if (!(kt.withinShare() > hw.withinShare() && kt.mape() < hw.mape())) {
                            beatsEverywhere = false;
                            beatEvidence.append(String.format(
                                    Locale.ROOT,
                                    " %s %s: kos %.1f%%/%.1f%% vs HW %.1f%%/%.1f%%;",
                                    sc,
                                    target,
                                    100 * kt.withinShare(),
                                    100 * kt.mape(),
                                    100 * hw.withinShare(),
                                    100 * hw.mape()));
                        }
                    }
                }
            }
        }
        goals.add(new EvalReport.Goal(
                "beats Holt-Winters (more forecasts within 10% and lower MAPE) on every pattern, target and horizon",
                beatsEverywhere, beatsEverywhere ? "every row" : "not on:" + beatEvidence));
        StringBuilder per = new StringBuilder();
        boolean allAbove = true;
        for (Map.Entry<String, Tally> e : kos1By.entrySet()) {
            allAbove &= e.getValue().withinShare() >= 0.9;
            per.append(String.format(
                    Locale.ROOT,
                    "%s %.1f%% (MAPE %.1f%%); ",
                    e.getKey(),
                    100 * e.getValue().withinShare(),
                    100 * e.getValue().mape()));
            Tally cpu = taskCpu1By.get(e.getKey());
            if (e.getKey().endsWith("-noisy") && cpu != null && e.getValue().withinShare() < 0.9) {
                per.append(noiseFloor(e.getValue(), cpu));
            }
        }
        goals.add(new EvalReport.Goal(
                ">= 90% of 1 s forecasts within 10% on every generator (all series of it pooled)",
                allAbove,
                per.toString()
                        + String.format(
                                Locale.ROOT,
                                "all pooled %.1f%% (MAPE %.1f%%)",
                                100 * kos1.withinShare(),
                                100 * kos1.mape())));
        StringBuilder tunedText = new StringBuilder();
        tuned.forEach((k, v) -> tunedText.append(String.format(
                Locale.ROOT,
                "%s: ewma alpha %.2f, HW alpha %.2f beta %.2f gamma %.2f; ",
                k,
                v.ewmaAlpha(),
                v.hw()[0],
                v.hw()[1],
                v.hw()[2])));
        tunedText.append(String.format(
                Locale.ROOT,
                "kos's blend with Holt-Winters: decays %.3f and %.3f, gate %.2f",
                blend[0],
                blend[1],
                blend[2]));
        goals.add(new EvalReport.Goal(
                "baselines tuned on the training seeds " + trainSeeds(),
                true,
                tunedText.toString().trim()));
        return new EvalReport(NAME, 0, seeds, List.of("within10", "mape", "n"), rows, goals);
    }

    /**
     * What the noise allows on a noisy generator: the oracle's share for a task's CPU at 1 s, and
     * the share kos would need there for 90% pooled with its other series as they are.
     */
    private static String noiseFloor(Tally pooled, Tally taskCpu) {
        int ticks = (int) (UsageSampler.PERIOD_NS / DiurnalWorkload.DEFAULT_TICK_NS);
        double oracle = NoiseFloor.oracleWithin10(WorkloadRuns.NOISY_SD, ticks, 200_000, 1);
        double need = (0.9 * pooled.n - (pooled.within - taskCpu.within)) / taskCpu.n;
        return String.format(
                Locale.ROOT,
                "[task CPU at 1 s: kos %.1f%%; 90%% pooled needs %.1f%% there; noise floor %.1f%% (an oracle knowing the"
                        + " hidden noise state, NoiseFloor), so %s]; ",
                100 * taskCpu.withinShare(),
                100 * need,
                100 * oracle,
                need <= oracle ? "not excluded by the noise" : "out of reach by construction");
    }

    private static Map<String, Double> metrics(Tally t) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("within10", t.withinShare());
        m.put("mape", t.mape());
        m.put("n", (double) t.n);
        return m;
    }

    @Override
    public double[] pairedScores(Mlp model, List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted) {
        List<Run> runs = runs(scenarios, seeds, interrupted);
        if (runs.size() != scenarios.size() * seeds.size()) {
            throw new KosException("interrupted");
        }
        Map<String, Tuned> tuned = tune(interrupted);
        double[] out = new double[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            Tally all = new Tally();
            for (String res : RESOURCES) {
                for (Tally t : tallyAll(
                        List.of(runs.get(i)),
                        res,
                        null,
                        s -> new KosForecaster(
                                model,
                                WorkloadRuns.SEASON,
                                s.resource().equals("cpu"),
                                s.machine(),
                                blend(tuned, s.resource(), BLEND)))) {
                    all.add(t);
                }
            }
            out[i] = all.withinShare();
        }
        return out;
    }
}
