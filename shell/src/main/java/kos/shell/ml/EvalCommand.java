package kos.shell.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kos.insights.ml.EvalReport;
import kos.insights.ml.MlModel;
import kos.insights.ml.MlModels;
import kos.insights.ml.Pipeline;
import kos.shell.TextTable;
import kos.shell.report.CsvOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ml eval}. */
@Command(
        name = "eval",
        description = {
            "Evaluate a version (default: the promoted one, else the latest) against the",
            "model's baselines on held-out seeds, and check the goals."
        })
final class EvalCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
    String model;

    @Option(names = "--version", paramLabel = "V", description = "The version (default: promoted, else latest).")
    int version;

    @Mixin
    RunSelection runs = new RunSelection();

    @Mixin
    CsvOption csv = new CsvOption();

    @Override
    public void run() {
        csv.check();
        MlModel m = MlModels.get(model);
        EvalReport r = pipeline().evaluate(m, version, runs.scenarios, runs.seedList(), session::isInterrupted);
        csv.write(session.json(), r);
        print(r, () -> render(r));
    }

    static String render(EvalReport r) {
        List<String> head = new ArrayList<>(List.of("scenario", "target", "method"));
        head.addAll(r.columns());
        TextTable t = new TextTable(head.toArray(String[]::new));
        for (EvalReport.Row row : r.rows()) {
            List<Object> cells = new ArrayList<>(List.of(row.scenario(), row.target(), row.method()));
            for (String c : r.columns()) {
                Double v = row.metrics().get(c);
                boolean share =
                        c.equals("mape") || c.startsWith("within") || c.endsWith("rate") || c.endsWith("accuracy");
                cells.add(
                        v == null || v.isNaN()
                                ? "-"
                                : share
                                        ? Pipeline.pct(v)
                                        : v == Math.rint(v)
                                                ? String.format(Locale.ROOT, "%.0f", v)
                                                : String.format(Locale.ROOT, "%.4g", v));
            }
            t.row(cells.toArray());
        }
        StringBuilder b = new StringBuilder(
                String.format(Locale.ROOT, "%s v%d on held-out seeds %s%n", r.model(), r.version(), r.seeds()));
        b.append(t);
        for (EvalReport.Goal g : r.goals()) {
            b.append(String.format(
                    Locale.ROOT, "%n%s %s: %s", g.met() ? "[met]    " : "[NOT met]", g.goal(), g.evidence()));
        }
        return b.toString();
    }
}
