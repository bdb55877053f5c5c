package kos.shell.crashctl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import kos.insights.crash.CalibrationTable;
import kos.insights.crash.CrashMonitor;
import kos.insights.crash.KosPredictor;
import kos.insights.crash.Predictors;
import kos.insights.eval.CrashEval;
import kos.insights.eval.EvalRun;
import kos.insights.eval.EvalSummary;
import kos.insights.eval.PredictorFit;
import kos.insights.eval.Scenario;
import kos.shell.JsonOption;
import kos.shell.Output;
import kos.shell.Progress;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.shell.app.CrashWiring;
import kos.shell.app.ScenarioRun;
import kos.shell.report.HtmlReport;
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
public final class CrashEvalCommand extends ShellCommand {

    @Option(
            names = "--scenarios",
            paramLabel = "DIR|FILE",
            split = ",",
            description = "Scenario scripts or directories of them (default: examples/scenarios).")
    List<Path> scenarios = new ArrayList<>();

    @Option(
            names = "--seeds",
            paramLabel = "N",
            defaultValue = "20",
            description = "Seeds per scenario (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(
            names = "--seed-base",
            paramLabel = "S",
            defaultValue = "1",
            description = "First seed (default ${DEFAULT-VALUE}); seeds S..S+N-1.")
    long seedBase;

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
    JsonOption json = new JsonOption();

    @Mixin
    SweepOutputs outputs = new SweepOutputs();

    /** The JSON document of an evaluation. */
    public record Report(
            List<EvalSummary> predictors,
            List<ScenarioSummary> byScenario,
            List<FamilySummary> byFamily,
            List<EvalRun> runs,
            int seeds,
            long seedBase,
            List<String> scenarios,
            boolean leaveOneFamilyOut,
            int trainSeeds,
            long trainSeedBase) {}

    /** One predictor's results on one family of scenarios. */
    public record FamilySummary(String family, EvalSummary summary) {}

    /** One predictor's results on one scenario. */
    public record ScenarioSummary(String scenario, EvalSummary summary) {}

    @Override
    public void run() {
        outputs.check();
        List<Scenario> files = scenarioFiles(scenarios);
        List<String> names = predictors.isEmpty() ? Predictors.NAMES : predictors;
        names.forEach(Predictors::create);
        if (seeds < 1) {
            throw new KosException("--seeds must be at least 1");
        }
        CrashEval.Plan plan = new CrashEval.Plan(
                files, LongStream.range(seedBase, seedBase + seeds).boxed().toList(), names, !noActions);
        int n = threads == null
                ? Runtime.getRuntime().availableProcessors()
                : (int) Quantities.checkRange(threads, 1, 256, "--threads");
        double t = threshold != null
                ? threshold
                : CrashWiring.of(session).monitorConfig().threshold();
        Map<String, KosPredictor.Models> folds = leaveOneFamilyOut ? folds(files) : Map.of();
        List<EvalRun> runs;
        try (Progress progress = new Progress(session, "crashctl eval")) {
            runs = CrashEval.run(
                    plan,
                    (sc, seed, p, on) -> ScenarioRun.run(
                            sc,
                            seed,
                            p,
                            on,
                            t,
                            null,
                            p.equals("kos") && folds.containsKey(sc.family())
                                    ? () -> new KosPredictor(folds.get(sc.family()), Kernels.get())
                                    : null,
                            session::isInterrupted),
                    n,
                    done -> {
                        synchronized (progress) {
                            progress.update(done, plan.size(), done + "/" + plan.size() + " runs");
                        }
                    },
                    session::isInterrupted);
        }
        session.checkInterrupted();
        List<EvalSummary> summaries = names.stream()
                .map(p -> EvalSummary.of(
                        p, runs.stream().filter(r -> r.predictor().equals(p)).toList()))
                .toList();
        List<String> scenarioNames = files.stream().map(Scenario::name).toList();
        List<ScenarioSummary> perScenario = !byScenario
                ? List.of()
                : scenarioNames.stream()
                        .flatMap(sc -> names.stream()
                                .map(p -> new ScenarioSummary(
                                        sc,
                                        EvalSummary.of(
                                                p,
                                                runs.stream()
                                                        .filter(r -> r.scenario()
                                                                        .equals(sc)
                                                                && r.predictor().equals(p))
                                                        .toList()))))
                        .toList();
        List<String> familyNames =
                files.stream().map(Scenario::family).distinct().toList();
        List<FamilySummary> perFamily = !byFamily
                ? List.of()
                : familyNames.stream()
                        .flatMap(f -> names.stream()
                                .map(p -> new FamilySummary(
                                        f,
                                        EvalSummary.of(
                                                p,
                                                runs.stream()
                                                        .filter(r -> r.family().equals(f)
                                                                && r.predictor().equals(p))
                                                        .toList()))))
                        .toList();
        Report report = new Report(
                summaries,
                perScenario,
                perFamily,
                listRuns ? runs : List.of(),
                seeds,
                seedBase,
                scenarioNames,
                leaveOneFamilyOut,
                leaveOneFamilyOut ? trainSeeds : 0,
                trainSeedBase);
        writeOutputs(report);
        Output.print(session, json.enabled(), report, () -> render(report, runs));
    }

    /** Per family, kos's models fitted on the training seeds of every other family. */
    private Map<String, KosPredictor.Models> folds(List<Scenario> files) {
        if (trainSeeds < 1) {
            throw new KosException("--train-seeds must be at least 1");
        }
        if (trainSeedBase < seedBase + seeds && seedBase < trainSeedBase + trainSeeds) {
            throw new KosException("training seeds " + trainSeedBase + ".." + (trainSeedBase + trainSeeds - 1)
                    + " overlap the evaluation seeds " + seedBase + ".." + (seedBase + seeds - 1)
                    + ": held out means disjoint");
        }
        List<PredictorFit.Recording> recs = CrashFitCommand.record(session, files, trainSeedBase, trainSeeds);
        long horizon = CrashMonitor.Config.DEFAULT.horizonNs();
        Map<String, KosPredictor.Models> out = new TreeMap<>();
        files.stream().map(Scenario::family).distinct().toList().parallelStream()
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

    private static String render(Report report, List<EvalRun> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%d scenarios x %d seeds (from %d); actions off, then on%n",
                report.scenarios().size(),
                report.seeds(),
                report.seedBase()));
        if (report.leaveOneFamilyOut()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "leave one family out: kos on each family is fitted on seeds %d..%d of the other families only%n",
                    report.trainSeedBase(),
                    report.trainSeedBase() + report.trainSeeds() - 1));
        }
        sb.append('\n');
        TextTable t = new TextTable(
                "predictor",
                "crash runs",
                "recall@5s",
                "vs bound",
                "first alarm@5s",
                "lead p50",
                "lead p10",
                "FP rate",
                "benign alarm",
                "prevented",
                "caused",
                "benign kills",
                "actions",
                "calib. err",
                "failed");
        for (EvalSummary s : report.predictors()) {
            t.row(
                    s.predictor(),
                    s.crashRuns() + "/" + (s.crashRuns() + s.benignRuns()),
                    pct(s.recallAt5s()),
                    pct(s.recallVsBound()),
                    pct(s.firstAlarmRecallAt5s()),
                    sec(s.leadMedianS()),
                    sec(s.leadP10S()),
                    pct(s.falsePositiveRate()),
                    sec(s.benignAlarmS()),
                    pct(s.preventionRate()),
                    s.causedCrashes(),
                    s.benignKills() + " in " + s.benignKillRuns() + "/" + s.benignRuns(),
                    s.actions().isEmpty() ? "-" : s.actions().toString().replaceAll("[{} ]", ""),
                    String.format(Locale.ROOT, "%.3f", s.calibrationError()),
                    s.failedRuns());
        }
        sb.append(t);
        for (EvalSummary s : report.predictors()) {
            for (String f : s.failures()) {
                sb.append("\nfailed run: ").append(f);
            }
        }
        if (report.predictors().stream().anyMatch(s -> s.failedRuns() > 0)) {
            sb.append("\n(failed runs are left out of every number above)\n");
        }
        for (EvalSummary s : report.predictors()) {
            if (s.predictor().equals("kos")) {
                sb.append(
                        "\ncalibration of kos (actions off): of the predictions in each confidence bin, how many preceded a crash within 20 s\n");
                TextTable c = new TextTable("confidence", "predictions", "mean conf.", "crash followed");
                for (CalibrationTable.Bin b : s.calibration()) {
                    if (b.predictions() > 0) {
                        c.row(
                                String.format(Locale.ROOT, "%.1f-%.1f", b.from(), b.to()),
                                b.predictions(),
                                String.format(Locale.ROOT, "%.3f", b.meanConfidence()),
                                String.format(Locale.ROOT, "%.3f", b.observedRate()));
                    }
                }
                sb.append(c);
            }
        }
        if (!report.byScenario().isEmpty()) {
            TextTable b = new TextTable(
                    "scenario",
                    "predictor",
                    "crash runs",
                    "recall@5s",
                    "knowable",
                    "first alarm@5s",
                    "prevented",
                    "benign runs",
                    "alarmed",
                    "caused",
                    "benign kills",
                    "failed");
            for (ScenarioSummary ss : report.byScenario()) {
                EvalSummary s = ss.summary();
                b.row(
                        ss.scenario(),
                        s.predictor(),
                        s.crashRuns(),
                        count(s.recallAt5s(), s.crashRuns()),
                        s.knowableAt5s(),
                        count(s.firstAlarmRecallAt5s(), s.crashRuns()),
                        count(s.preventionRate(), s.preventable()),
                        s.benignRuns(),
                        count(s.falsePositiveRate(), s.benignRuns()),
                        s.causedCrashes(),
                        s.benignKills(),
                        s.failedRuns());
            }
            sb.append("\nby scenario (counts of runs)\n").append(b);
        }
        if (!report.byFamily().isEmpty()) {
            TextTable b = new TextTable(
                    "family",
                    "predictor",
                    "crash runs",
                    "recall@5s",
                    "knowable",
                    "vs bound",
                    "first alarm@5s",
                    "prevented",
                    "benign runs",
                    "alarmed",
                    "benign alarm",
                    "caused",
                    "benign kills",
                    "failed");
            for (FamilySummary fs : report.byFamily()) {
                EvalSummary s = fs.summary();
                b.row(
                        fs.family(),
                        s.predictor(),
                        s.crashRuns(),
                        count(s.recallAt5s(), s.crashRuns()),
                        s.knowableAt5s(),
                        pct(s.recallVsBound()),
                        count(s.firstAlarmRecallAt5s(), s.crashRuns()),
                        count(s.preventionRate(), s.preventable()),
                        s.benignRuns(),
                        count(s.falsePositiveRate(), s.benignRuns()),
                        sec(s.benignAlarmS()),
                        s.causedCrashes(),
                        s.benignKills(),
                        s.failedRuns());
            }
            sb.append("\nby family (counts of runs)\n").append(b);
        }
        if (!report.runs().isEmpty()) {
            TextTable r = new TextTable(
                    "scenario",
                    "seed",
                    "predictor",
                    "actions",
                    "crashed",
                    "cause",
                    "at",
                    "first alarm",
                    "actions taken");
            for (EvalRun e : runs) {
                r.row(
                        e.scenario(),
                        e.seed(),
                        e.predictor(),
                        e.actionsOn() ? "on" : "off",
                        !e.ok() ? "failed: " + e.error() : e.crashed() ? "yes" : "no",
                        e.crashCause() == null ? "-" : e.crashCause(),
                        e.crashNs() < 0 ? "-" : sec(e.crashNs() / 1e9),
                        e.firstAlarmNs() < 0 ? "-" : sec(e.firstAlarmNs() / 1e9),
                        e.actions().isEmpty() ? "-" : e.actions().toString());
            }
            sb.append("\nruns\n").append(r);
        }
        return sb.toString();
    }

    /** A rate over {@code n} runs as the count of runs it stands for ("-" with none). */
    private static String count(double rate, int n) {
        return n == 0 || Double.isNaN(rate) ? "-" : Long.toString(Math.round(rate * n));
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    static String sec(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1fs", v);
    }

    private void writeOutputs(Report r) {
        List<List<Object>> csv = new ArrayList<>();
        List<HtmlReport.Bar> bars = new ArrayList<>();
        for (EvalSummary e : r.predictors()) {
            csv.add(List.of(
                    e.predictor(),
                    e.runs(),
                    e.failedRuns(),
                    e.crashRuns(),
                    e.benignRuns(),
                    e.recallAt5s(),
                    e.recallVsBound(),
                    e.falsePositiveRate(),
                    e.preventionRate(),
                    e.benignKills(),
                    e.causedCrashes(),
                    e.leadMedianS(),
                    e.calibrationError()));
            bars.add(new HtmlReport.Bar(e.predictor(), "recall@5s %", 100 * e.recallAt5s(), null, null));
            bars.add(new HtmlReport.Bar(e.predictor(), "FP rate %", 100 * e.falsePositiveRate(), null, null));
            bars.add(new HtmlReport.Bar(e.predictor(), "prevented %", 100 * e.preventionRate(), null, null));
        }
        outputs.write(
                session.json(),
                List.of(
                        "predictor",
                        "runs",
                        "failed_runs",
                        "crash_runs",
                        "benign_runs",
                        "recall_at_5s",
                        "recall_vs_bound",
                        "false_positive_rate",
                        "prevention_rate",
                        "benign_kills",
                        "caused_crashes",
                        "lead_median_s",
                        "calibration_error"),
                csv,
                new HtmlReport.Data(
                        "kos crashctl eval: " + r.scenarios().size() + " scenarios, seeds " + r.seedBase() + ".."
                                + (r.seedBase() + r.seeds() - 1),
                        List.of(),
                        null,
                        "Recall at 5 s, false-positive rate and prevention per predictor",
                        "%",
                        "Each predictor on the same scenarios and seeds; see docs/crash-prediction.md for the definitions.",
                        bars,
                        List.of()));
    }
}
