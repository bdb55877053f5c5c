package kos.shell.crashctl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kos.insights.crash.CrashMonitor;
import kos.insights.crash.KosPredictor;
import kos.insights.crash.Predictors;
import kos.insights.eval.CrashEval;
import kos.insights.eval.EvalRun;
import kos.insights.eval.PredictorFit;
import kos.insights.eval.Scenario;
import kos.shell.JsonCommand;
import kos.shell.Progress;
import kos.shell.app.CrashWiring;
import kos.shell.app.ScenarioRun;
import kos.shell.app.SeedRange;
import kos.shell.report.SweepOutputs;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.simd.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code crashctl eval}: every scenario on N seeds for each predictor, actions off then on. */
@Command(
        name = "eval",
        description = {
            "Evaluate the crash predictors on scenario scripts: each scenario on N seeds for each predictor,",
            "first with actions off (prediction quality), then on (prevention), in parallel threads.",
            "Reports recall at 5 s (unbroken alarm at the crash, and by first alarm), lead time, false-positive rate,",
            "benign alarm time, prevention, crashes the actions caused, actions, calibration."
        })
public final class CrashEvalCommand extends JsonCommand {

    @Option(
            names = "--scenarios",
            paramLabel = "DIR|FILE",
            split = ",",
            description = "Scenario scripts or directories of them (default: examples/scenarios).")
    List<Path> scenarios = new ArrayList<>();

    @Mixin
    SeedRange seeds = new SeedRange(20, 1);

    @Option(
            names = "--predictor",
            paramLabel = "NAME",
            split = ",",
            description = "Predictors to compare (default: all: kos, earlyoom, oomd, proactive, four-factor).")
    List<String> predictors = new ArrayList<>();

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Worker threads (default: the number of cores). Results do not depend on it.")
    Integer threads;

    @Option(
            names = "--threshold",
            paramLabel = "T",
            description = "Alarm threshold for every predictor (default: the session's, 0.8).")
    Double threshold;

    @Option(names = "--no-actions", description = "Skip the actions-on pass (prediction quality only).")
    boolean noActions;

    @Option(names = "--runs", description = "Also list every run.")
    boolean listRuns;

    @Option(names = "--by-scenario", description = "Also summarise each scenario for each predictor.")
    boolean byScenario;

    @Option(names = "--by-family", description = "Also summarise each scenario family for each predictor.")
    boolean byFamily;

    @Option(
            names = "--leave-one-family-out",
            description = {
                "Score kos on each family with a model fitted (as crashctl fit does) on",
                "the training seeds of the other families only: the held-out protocol."
            })
    boolean leaveOneFamilyOut;

    @Option(
            names = "--families",
            paramLabel = "NAME",
            split = ",",
            description = {
                "Score only the scenarios of these families. With --leave-one-family-out the models are still",
                "fitted on every other family's training runs, as in the full evaluation."
            })
    List<String> families = new ArrayList<>();

    @Option(
            names = "--train-seeds",
            paramLabel = "N",
            defaultValue = "4",
            description = "With --leave-one-family-out: training seeds per scenario (default ${DEFAULT-VALUE}).")
    int trainSeeds;

    @Option(
            names = "--train-seed-base",
            paramLabel = "S",
            defaultValue = "1000",
            description = "With --leave-one-family-out: first training seed (default ${DEFAULT-VALUE}).")
    long trainSeedBase;

    @Mixin
    SweepOutputs outputs = new SweepOutputs();

    @Override
    public void run() {
        outputs.check();
        List<Scenario> all = scenarioFiles(scenarios);
        List<Scenario> files = scored(all);
        List<String> names = predictors.isEmpty() ? Predictors.NAMES : predictors;
        names.forEach(Predictors::create);
        CrashEval.Plan plan = new CrashEval.Plan(files, seeds.list(), names, !noActions);
        double t = threshold();
        Map<String, KosPredictor.Models> folds = leaveOneFamilyOut ? folds(all, files) : Map.of();
        List<EvalRun> runs = runAll(plan, folds, t, threads());
        session.checkInterrupted();
        CrashEvalReport report = report(files, names, runs);
        writeOutputs(report);
        print(report, report::render);
    }

    private CrashEvalReport report(List<Scenario> files, List<String> names, List<EvalRun> runs) {
        List<String> scenarioNames = files.stream().map(Scenario::name).toList();
        List<String> families = files.stream().map(Scenario::family).distinct().toList();
        return new CrashEvalReport(
                CrashEvalReport.summarise(names, runs),
                byScenario ? CrashEvalReport.byScenario(scenarioNames, names, runs) : List.of(),
                byFamily ? CrashEvalReport.byFamily(families, names, runs) : List.of(),
                listRuns ? runs : List.of(),
                seeds.count(),
                seeds.first(),
                scenarioNames,
                leaveOneFamilyOut,
                leaveOneFamilyOut ? trainSeeds : 0,
                trainSeedBase);
    }

    private int threads() {
        return threads == null
                ? Runtime.getRuntime().availableProcessors()
                : (int) Quantities.checkRange(threads, 1, 256, "--threads");
    }

    private double threshold() {
        return threshold != null
                ? threshold
                : CrashWiring.of(session).monitorConfig().threshold();
    }

    /** Every run of the plan on {@code threads} threads, with a progress bar; kos uses its fold's model when held out. */
    private List<EvalRun> runAll(CrashEval.Plan plan, Map<String, KosPredictor.Models> folds, double t, int threads) {
        try (Progress progress = new Progress(session, "crashctl eval")) {
            return CrashEval.run(
                    plan,
                    runner(folds, t),
                    threads,
                    done -> {
                        synchronized (progress) {
                            progress.update(done, plan.size(), done + "/" + plan.size() + " runs");
                        }
                    },
                    session::isInterrupted);
        }
    }

    /** Runs in private sessions; the actions-off runs of a (scenario, seed) share one simulation. */
    private CrashEval.Runner runner(Map<String, KosPredictor.Models> folds, double t) {
        return new CrashEval.Runner() {
            @Override
            public EvalRun run(Scenario sc, long seed, String p, boolean on) {
                return ScenarioRun.run(sc, setup(sc, seed, p, on), null);
            }

            @Override
            public List<EvalRun> runObserving(Scenario sc, long seed, List<String> predictors) {
                return ScenarioRun.runObserving(
                        sc,
                        predictors.stream().map(p -> setup(sc, seed, p, false)).toList());
            }

            @Override
            public boolean sameWithActions(Scenario sc, EvalRun off) {
                return ScenarioRun.sameWithActions(sc, off);
            }

            private ScenarioRun.Setup setup(Scenario sc, long seed, String p, boolean on) {
                return ScenarioRun.Setup.of(seed, p, on, t)
                        .withFactory(
                                p.equals("kos") && folds.containsKey(sc.family())
                                        ? () -> new KosPredictor(folds.get(sc.family()), Kernels.get())
                                        : null)
                        .cancelledBy(session::isInterrupted);
            }
        };
    }

    /** The scenarios of {@link #families} (all when none is named); an unknown family is an error. */
    private List<Scenario> scored(List<Scenario> all) {
        if (families.isEmpty()) {
            return all;
        }
        List<String> known = all.stream().map(Scenario::family).distinct().toList();
        for (String f : families) {
            if (!known.contains(f)) {
                throw new KosException("no scenario of family '" + f + "'; the families are " + known);
            }
        }
        return all.stream().filter(sc -> families.contains(sc.family())).toList();
    }

    /** Per scored family, kos's models fitted on the training seeds of every other family of {@code all}. */
    private Map<String, KosPredictor.Models> folds(List<Scenario> all, List<Scenario> scored) {
        if (trainSeeds < 1) {
            throw new KosException("--train-seeds must be at least 1");
        }
        if (trainSeedBase <= seeds.last() && seeds.first() < trainSeedBase + trainSeeds) {
            throw new KosException("training seeds " + trainSeedBase + ".." + (trainSeedBase + trainSeeds - 1)
                    + " overlap the evaluation seeds " + seeds
                    + ": held out means disjoint");
        }
        List<PredictorFit.Recording> recs = CrashFitCommand.record(session, all, trainSeedBase, trainSeeds);
        long horizon = CrashMonitor.Config.DEFAULT.horizonNs();
        Map<String, KosPredictor.Models> out = new TreeMap<>();
        scored.stream().map(Scenario::family).distinct().toList().parallelStream()
                .map(f -> Map.entry(
                        f,
                        PredictorFit.fit(recs, horizon, r -> !r.family().equals(f))
                                .models()))
                .toList()
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static List<Scenario> scenarioFiles(List<Path> given) {
        List<Path> roots = given.isEmpty()
                ? List.of(Path.of(System.getProperty("kos.home", "."), "examples", "scenarios"))
                : given;
        return Scenario.discover(roots);
    }

    private void writeOutputs(CrashEvalReport r) {
        outputs.write(session.json(), CrashEvalReport.CSV_COLUMNS, r.csvRows(), r.html());
    }
}
