package kos.shell.crashctl;

import kos.shell.app.ScenarioRun;
import kos.shell.app.CrashWiring;
import kos.insights.crash.CalibrationTable;
import kos.insights.crash.Predictors;
import kos.insights.eval.CrashEval;
import kos.insights.eval.EvalRun;
import kos.insights.eval.EvalSummary;
import kos.shell.JsonOption;
import kos.shell.Output;
import kos.shell.Progress;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/** {@code crashctl eval}: every scenario on N seeds for each predictor, actions off then on. */
@Command(name = "eval",
        description = {"Evaluate the crash predictors on scenario scripts: each scenario on N seeds for each predictor,",
                "first with actions off (prediction quality), then on (prevention), in parallel threads.",
                "Reports recall at 5 s (unbroken alarm at the crash, and by first alarm), lead time, false-positive rate,",
                "benign alarm time, prevention, crashes the actions caused, actions, calibration."})
public final class CrashEvalCommand extends ShellCommand {

    @Option(names = "--scenarios", paramLabel = "DIR|FILE", split = ",",
            description = "Scenario scripts or directories of them (default: examples/scenarios).")
    List<Path> scenarios = new ArrayList<>();
    @Option(names = "--seeds", paramLabel = "N", defaultValue = "20", description = "Seeds per scenario (default ${DEFAULT-VALUE}).")
    int seeds;
    @Option(names = "--seed-base", paramLabel = "S", defaultValue = "1", description = "First seed (default ${DEFAULT-VALUE}); seeds S..S+N-1.")
    long seedBase;
    @Option(names = "--predictor", paramLabel = "NAME", split = ",",
            description = "Predictors to compare (default: all: kos, earlyoom, oomd, proactive, four-factor).")
    List<String> predictors = new ArrayList<>();
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores). Results do not depend on it.")
    Integer threads;
    @Option(names = "--threshold", paramLabel = "T", description = "Alarm threshold for every predictor (default: the session's, 0.8).")
    Double threshold;
    @Option(names = "--no-actions", description = "Skip the actions-on pass (prediction quality only).")
    boolean noActions;
    @Option(names = "--runs", description = "Also list every run.")
    boolean listRuns;
    @Option(names = "--by-scenario", description = "Also summarise each scenario for each predictor.")
    boolean byScenario;
    @Mixin
    JsonOption json = new JsonOption();

    /** The JSON document of an evaluation. */
    public record Report(List<EvalSummary> predictors, List<ScenarioSummary> byScenario, List<EvalRun> runs, int seeds, long seedBase,
                         List<String> scenarios) {
    }

    /** One predictor's results on one scenario. */
    public record ScenarioSummary(String scenario, EvalSummary summary) {
    }

    @Override
    public void run() {
        List<Path> files = scenarioFiles(scenarios);
        List<String> names = predictors.isEmpty() ? Predictors.NAMES : predictors;
        names.forEach(Predictors::create);
        if (seeds < 1) {
            throw new KosException("--seeds must be at least 1");
        }
        CrashEval.Plan plan = new CrashEval.Plan(files, LongStream.range(seedBase, seedBase + seeds).boxed().toList(), names, !noActions);
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : (int) Quantities.checkRange(threads, 1, 256, "--threads");
        List<EvalRun> runs;
        try (Progress progress = new Progress(session, "crashctl eval")) {
            double t = threshold != null ? threshold : CrashWiring.of(session).monitorConfig().threshold();
            runs = CrashEval.run(plan, (sc, seed, p, on) -> ScenarioRun.run(sc, seed, p, on, t, null, session::isInterrupted), n,
                    done -> {
                        synchronized (progress) {
                            progress.update(done, plan.size(), done + "/" + plan.size() + " runs");
                        }
                    }, session::isInterrupted);
        }
        session.checkInterrupted();
        List<EvalSummary> summaries = names.stream()
                .map(p -> EvalSummary.of(p, runs.stream().filter(r -> r.predictor().equals(p)).toList())).toList();
        List<String> scenarioNames = files.stream().map(ScenarioRun::name).toList();
        List<ScenarioSummary> perScenario = !byScenario ? List.of() : scenarioNames.stream().flatMap(sc -> names.stream().map(p ->
                new ScenarioSummary(sc, EvalSummary.of(p, runs.stream().filter(r -> r.scenario().equals(sc) && r.predictor().equals(p)).toList()))))
                .toList();
        Report report = new Report(summaries, perScenario, listRuns ? runs : List.of(), seeds, seedBase, scenarioNames);
        Output.print(session, json.enabled(), report, () -> render(report, runs));
    }

    static List<Path> scenarioFiles(List<Path> given) {
        List<Path> roots = given.isEmpty() ? List.of(Path.of(System.getProperty("kos.home", "."), "examples", "scenarios")) : given;
        List<Path> out = new ArrayList<>();
        for (Path r : roots) {
            if (Files.isDirectory(r)) {
                try (Stream<Path> s = Files.list(r)) {
                    s.filter(p -> p.toString().endsWith(".kos")).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new KosException("cannot list " + r + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(r)) {
                out.add(r);
            } else {
                throw new KosException("no such scenario file or directory: " + r);
            }
        }
        if (out.isEmpty()) {
            throw new KosException("no scenario scripts (*.kos) found in " + roots);
        }
        return out;
    }

    private static String render(Report report, List<EvalRun> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d scenarios x %d seeds (from %d); actions off, then on%n%n",
                report.scenarios().size(), report.seeds(), report.seedBase()));
        TextTable t = new TextTable("predictor", "crash runs", "recall@5s", "first alarm@5s", "lead p50", "lead p10", "FP rate",
                "benign alarm", "prevented", "caused", "actions", "calib. err");
        for (EvalSummary s : report.predictors()) {
            t.row(s.predictor(), s.crashRuns() + "/" + (s.crashRuns() + s.benignRuns()), pct(s.recallAt5s()), pct(s.firstAlarmRecallAt5s()),
                    sec(s.leadMedianS()), sec(s.leadP10S()), pct(s.falsePositiveRate()), sec(s.benignAlarmS()), pct(s.preventionRate()),
                    s.causedCrashes(),
                    s.actions().isEmpty() ? "-" : s.actions().toString().replaceAll("[{} ]", ""),
                    String.format(Locale.ROOT, "%.3f", s.calibrationError()));
        }
        sb.append(t);
        for (EvalSummary s : report.predictors()) {
            if (s.predictor().equals("kos")) {
                sb.append("\ncalibration of kos (actions off): of the predictions in each confidence bin, how many preceded a crash within 20 s\n");
                TextTable c = new TextTable("confidence", "predictions", "mean conf.", "crash followed");
                for (CalibrationTable.Bin b : s.calibration()) {
                    if (b.predictions() > 0) {
                        c.row(String.format(Locale.ROOT, "%.1f-%.1f", b.from(), b.to()), b.predictions(),
                                String.format(Locale.ROOT, "%.3f", b.meanConfidence()), String.format(Locale.ROOT, "%.3f", b.observedRate()));
                    }
                }
                sb.append(c);
            }
        }
        if (!report.byScenario().isEmpty()) {
            TextTable b = new TextTable("scenario", "predictor", "crash runs", "recall@5s", "first alarm@5s", "prevented",
                    "benign runs", "alarmed", "caused");
            for (ScenarioSummary ss : report.byScenario()) {
                EvalSummary s = ss.summary();
                b.row(ss.scenario(), s.predictor(), s.crashRuns(), count(s.recallAt5s(), s.crashRuns()), count(s.firstAlarmRecallAt5s(), s.crashRuns()),
                        count(s.preventionRate(), s.preventable()), s.benignRuns(), count(s.falsePositiveRate(), s.benignRuns()), s.causedCrashes());
            }
            sb.append("\nby scenario (counts of runs)\n").append(b);
        }
        if (!report.runs().isEmpty()) {
            TextTable r = new TextTable("scenario", "seed", "predictor", "actions", "crashed", "cause", "at", "first alarm", "actions taken");
            for (EvalRun e : runs) {
                r.row(e.scenario(), e.seed(), e.predictor(), e.actionsOn() ? "on" : "off", e.crashed() ? "yes" : "no",
                        e.crashCause() == null ? "-" : e.crashCause(), e.crashNs() < 0 ? "-" : sec(e.crashNs() / 1e9),
                        e.firstAlarmNs() < 0 ? "-" : sec(e.firstAlarmNs() / 1e9), e.actions().isEmpty() ? "-" : e.actions().toString());
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
}
