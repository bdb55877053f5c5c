package kos.shell.crashctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import kos.insights.crash.CalibrationTable;
import kos.insights.eval.EvalRun;
import kos.insights.eval.EvalSummary;
import kos.shell.TextTable;
import kos.shell.report.HtmlReport;

/**
 * What {@code crashctl eval} reports: each predictor's summary over every run, optionally per scenario
 * and per family, and the protocol (seeds, held-out training seeds) that produced it.
 */
public record CrashEvalReport(
        List<EvalSummary> predictors,
        List<ScenarioSummary> byScenario,
        List<FamilySummary> byFamily,
        List<EvalRun> runs,
        int seeds,
        long seedBase,
        List<String> scenarios,
        boolean leaveOneFamilyOut,
        int trainSeeds,
        long trainSeedBase) {

    /** One predictor's results on one family of scenarios. */
    public record FamilySummary(String family, EvalSummary summary) {}

    /** One predictor's results on one scenario. */
    public record ScenarioSummary(String scenario, EvalSummary summary) {}

    /** The CSV columns of {@link #csvRows()}: one row per predictor. */
    static final List<String> CSV_COLUMNS = List.of(
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
            "calibration_error");

    /** Each predictor's summary over all of {@code runs}. */
    static List<EvalSummary> summarise(List<String> predictors, List<EvalRun> runs) {
        return predictors.stream()
                .map(p -> EvalSummary.of(p, only(runs, p, r -> true)))
                .toList();
    }

    static List<ScenarioSummary> byScenario(List<String> scenarios, List<String> predictors, List<EvalRun> runs) {
        return scenarios.stream()
                .flatMap(sc -> predictors.stream()
                        .map(p -> new ScenarioSummary(
                                sc,
                                EvalSummary.of(
                                        p, only(runs, p, r -> r.scenario().equals(sc))))))
                .toList();
    }

    static List<FamilySummary> byFamily(List<String> families, List<String> predictors, List<EvalRun> runs) {
        return families.stream()
                .flatMap(f -> predictors.stream()
                        .map(p -> new FamilySummary(
                                f,
                                EvalSummary.of(p, only(runs, p, r -> r.family().equals(f))))))
                .toList();
    }

    private static List<EvalRun> only(List<EvalRun> runs, String predictor, Predicate<EvalRun> where) {
        return runs.stream()
                .filter(r -> r.predictor().equals(predictor) && where.test(r))
                .toList();
    }

    List<List<Object>> csvRows() {
        List<List<Object>> csv = new ArrayList<>();
        for (EvalSummary e : predictors) {
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
        }
        return csv;
    }

    HtmlReport.Data html() {
        List<HtmlReport.Bar> bars = new ArrayList<>();
        for (EvalSummary e : predictors) {
            bars.add(new HtmlReport.Bar(e.predictor(), "recall@5s %", 100 * e.recallAt5s(), null, null));
            bars.add(new HtmlReport.Bar(e.predictor(), "FP rate %", 100 * e.falsePositiveRate(), null, null));
            bars.add(new HtmlReport.Bar(e.predictor(), "prevented %", 100 * e.preventionRate(), null, null));
        }
        return new HtmlReport.Data(
                "kos crashctl eval: " + scenarios.size() + " scenarios, seeds " + seedBase + ".."
                        + (seedBase + seeds - 1),
                List.of(),
                null,
                "Recall at 5 s, false-positive rate and prevention per predictor",
                "%",
                "Each predictor on the same scenarios and seeds; see docs/crash-prediction.md for the definitions.",
                bars,
                List.of(),
                null);
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%d scenarios x %d seeds (from %d); actions off, then on%n",
                scenarios().size(),
                seeds(),
                seedBase()));
        if (leaveOneFamilyOut()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "leave one family out: kos on each family is fitted on seeds %d..%d of the other families only%n",
                    trainSeedBase(),
                    trainSeedBase() + trainSeeds() - 1));
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
        for (EvalSummary s : predictors()) {
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
        for (EvalSummary s : predictors()) {
            for (String f : s.failures()) {
                sb.append("\nfailed run: ").append(f);
            }
        }
        if (predictors().stream().anyMatch(s -> s.failedRuns() > 0)) {
            sb.append("\n(failed runs are left out of every number above)\n");
        }
        for (EvalSummary s : predictors()) {
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
        if (!byScenario().isEmpty()) {
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
            for (ScenarioSummary ss : byScenario()) {
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
        if (!byFamily().isEmpty()) {
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
            for (FamilySummary fs : byFamily()) {
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
        if (!runs().isEmpty()) {
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
}
