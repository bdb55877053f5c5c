package kos.shell.ml;

import java.util.List;
import java.util.Locale;
import kos.insights.ml.EvalReport;
import kos.insights.ml.MlModel;
import kos.insights.ml.MlModels;
import kos.insights.ml.Pipeline;
import kos.shell.app.EvalReportText;
import kos.shell.report.CsvOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ml eval}. */
@Command(
        name = "eval",
        description = {
            "Evaluate a version against the model's baselines on held-out seeds.",
            "Default: the promoted version, else the latest. Checks the model's goals."
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
        EvalReport r =
                pipeline().evaluate(m, version, runs.scenarios, runs.seedList(m.evalSeeds()), session::isInterrupted);
        csv.write(session.json(), r);
        print(r, () -> render(r));
    }

    static String render(EvalReport r) {
        return EvalReportText.render(
                r,
                String.format(Locale.ROOT, "%s v%d on held-out seeds %s", r.model(), r.version(), r.seeds()),
                List.of("scenario", "target", "method"),
                row -> List.of(row.scenario(), row.target(), row.method()),
                (c, v) -> {
                    if (c.equals("mape") || c.startsWith("within") || c.endsWith("rate") || c.endsWith("accuracy")) {
                        return Pipeline.pct(v);
                    }
                    return v == Math.rint(v) ? EvalReportText.whole(v) : String.format(Locale.ROOT, "%.4g", v);
                });
    }
}
