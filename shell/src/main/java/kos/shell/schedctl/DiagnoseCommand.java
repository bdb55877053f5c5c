package kos.shell.schedctl;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import kos.attn.eval.EvalMatrix;
import kos.attn.eval.PredictionVsPolicy;
import kos.shell.JsonCommand;
import kos.shell.Progress;
import kos.shell.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code schedctl transformer diagnose}: how much of the gap to SRPT is the predictor, how much the decision rule. */
@Command(
        name = "diagnose",
        description = {
            "Prediction vs policy: the attention scheduler, the same policy with perfect burst predictions",
            "(oracle-burst), with a perfect rank by true remaining work (oracle-work), and SRPT, on the same seeds;",
            "and the model's burst-prediction error per task class. The oracle modes are diagnostics only."
        })
public final class DiagnoseCommand extends JsonCommand {
    @Mixin
    MatrixOptions matrix = new MatrixOptions(5, 4);

    /** The JSON document. */
    public record Report(List<PredictionVsPolicy.Cell> cells, int seeds, long seedBase, int tasks) {}

    @Override
    public void run() {
        List<Long> seedList = matrix.seedList();
        List<EvalMatrix.Mix> plan = matrix.mixList();
        List<Double> loads = matrix.loadList();
        List<PredictionVsPolicy.Cell> cells;
        try (Progress progress = new Progress(session, "transformer diagnose")) {
            cells = PredictionVsPolicy.run(
                    plan,
                    loads,
                    matrix.cpus,
                    seedList,
                    matrix.tasks,
                    matrix.threadCount(),
                    progress.runs(PredictionVsPolicy.runs(plan, loads, matrix.cpus, seedList)));
        }
        session.checkInterrupted();
        Report r = new Report(cells, matrix.seeds.count(), matrix.seeds.first(), matrix.tasks);
        print(EvalTables.nanAsNull(session.json(), r), () -> render(r));
    }

    private static String render(Report r) {
        TextTable t = new TextTable(
                "mix",
                "load",
                "cpus",
                "attention",
                "oracle-burst",
                "oracle-work",
                "srpt",
                "gap closed: burst %",
                "gap closed: work %",
                "burst error |ln| i/b/o");
        for (PredictionVsPolicy.Cell c : r.cells()) {
            Map<String, Double> m = c.meanTurnaroundMs();
            t.row(
                    c.mix(),
                    EvalTables.load(c.load()),
                    c.cpus(),
                    f(m.get("attention")),
                    f(m.get("oracle-burst")),
                    f(m.get("oracle-work")),
                    f(m.get("srpt")),
                    pct(c.gapClosedByBurstOraclePct()),
                    pct(c.gapClosedByWorkOraclePct()),
                    err(c.predictionErrorByClass(), "interactive") + "/" + err(c.predictionErrorByClass(), "batch")
                            + "/" + err(c.predictionErrorByClass(), "io-bound"));
        }
        return String.format(
                Locale.ROOT,
                "mean turnaround, ms; %d tasks per run, seeds %d..%d (oracle columns are diagnostics, not schedulers)%n%n%s",
                r.tasks(),
                r.seedBase(),
                r.seedBase() + r.seeds() - 1,
                t);
    }

    private static String err(Map<String, Double> e, String c) {
        Double v = e.get(c);
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }
}
