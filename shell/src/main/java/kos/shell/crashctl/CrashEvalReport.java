package kos.shell.crashctl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import kos.insights.eval.EvalRun;
import kos.insights.eval.EvalSummary;
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

    /** The report as text tables ({@link CrashEvalTables}). */
    String render() {
        return CrashEvalTables.render(this);
    }
}
