package kos.shell.crashctl;

import java.util.Locale;
import kos.insights.crash.CalibrationTable;
import kos.insights.eval.EvalRun;
import kos.insights.eval.EvalSummary;
import kos.shell.TextTable;

/** The text tables of {@code crashctl eval}: what a {@link CrashEvalReport} prints without {@code --json}. */
final class CrashEvalTables {
    private CrashEvalTables() {}

    /** The report as text tables: the summary, kos's calibration, and per scenario, family and run. */
    static String render(CrashEvalReport report) {
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
            TextTable b = groupTable("scenario");
            report.byScenario().forEach(ss -> groupRow(b, ss.scenario(), ss.summary()));
            sb.append("\nby scenario (counts of runs)\n").append(b);
        }
        if (!report.byFamily().isEmpty()) {
            TextTable b = groupTable("family");
            report.byFamily().forEach(fs -> groupRow(b, fs.family(), fs.summary()));
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
            for (EvalRun e : report.runs()) {
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

    /** The per-scenario or per-family table: rates as counts of the runs they stand for. */
    private static TextTable groupTable(String group) {
        return new TextTable(
                group,
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
    }

    private static void groupRow(TextTable t, String group, EvalSummary s) {
        t.row(
                group,
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
