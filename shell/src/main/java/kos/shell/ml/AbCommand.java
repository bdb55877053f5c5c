package kos.shell.ml;

import java.util.Locale;
import kos.insights.ml.MlModel;
import kos.insights.ml.MlModels;
import kos.insights.ml.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ml ab}. */
@Command(
        name = "ab",
        description = {
            "Compare two versions of MODEL on the same held-out runs (paired seeds).",
            "Prints each version's score per run, the mean difference (V2 - V1) and its 95%% confidence",
            "interval (Student t)."
        })
final class AbCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "MODEL")
    String model;

    @Parameters(index = "1", paramLabel = "V1")
    String v1;

    @Parameters(index = "2", paramLabel = "V2")
    String v2;

    @Mixin
    RunSelection runs = new RunSelection();

    @Override
    public void run() {
        MlModel m = MlModels.get(model);
        Pipeline.AbResult r = pipeline()
                .ab(
                        m,
                        MlCommand.parseVersion(v1),
                        MlCommand.parseVersion(v2),
                        runs.scenarios,
                        runs.seedList(m.evalSeeds()),
                        session::isInterrupted);
        print(r, () -> render(r));
    }

    private static String render(Pipeline.AbResult r) {
        return String.format(
                Locale.ROOT,
                "%s v%d vs v%d on %d paired runs (scenarios %s, seeds %s)%nscore: %s%nv%d %s   v%d %s   difference %+.2f points,"
                        + " 95%% CI [%+.2f, %+.2f]: %s",
                r.model(),
                r.versionA(),
                r.versionB(),
                r.a().length,
                String.join(",", r.scenarios()),
                r.seeds(),
                r.score(),
                r.versionA(),
                Pipeline.pct(r.meanA()),
                r.versionB(),
                Pipeline.pct(r.meanB()),
                100 * r.meanDiff(),
                100 * r.ciLow(),
                100 * r.ciHigh(),
                r.verdict());
    }
}
