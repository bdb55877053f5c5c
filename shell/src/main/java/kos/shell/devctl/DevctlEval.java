package kos.shell.devctl;

import java.util.List;
import java.util.Locale;
import kos.device.DeviceMachine;
import kos.insights.device.DeviceData;
import kos.insights.device.DeviceRunner;
import kos.insights.ml.EvalReport;
import kos.insights.ml.Pipeline;
import kos.shell.JsonCommand;
import kos.shell.ModelsOption;
import kos.shell.Progress;
import kos.shell.app.EvalReportText;
import kos.shell.app.SeedList;
import kos.shell.report.CsvOption;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "eval",
        description = {
            "Evaluate the vendor threshold rules, XGBoost and kos's MLP (fitted on seeds 1-16) on held-out seeds,",
            "each day run with the responder migrating every alarmed device: recall with >= 10 min lead, late",
            "alarms, misses, median lead, false alarms (healthy devices alarmed), healthy devices drained, task work",
            "lost, minutes tasks were stalled; recall per failure mode; goals checked."
        })
final class DevctlEval extends JsonCommand {
    @Option(
            names = "--seeds",
            paramLabel = "LIST",
            description = "Held-out seeds: a list such as 101..110 or 1,2,7, or a count N from 101 (default 101..110).")
    String seeds;

    @Mixin
    CsvOption csv = new CsvOption();

    @Option(
            names = "--version",
            paramLabel = "V",
            description =
                    "The device model's registry version for the MLP (default: promoted, else latest, else trained now).")
    int version;

    @Mixin
    ModelsOption models = new ModelsOption();

    @Override
    public void run() {
        csv.check();
        List<Long> sd = SeedList.parse(seeds, DeviceData.EVAL_SEEDS);
        EvalReport r;
        try (Progress progress = new Progress(session, "devctl eval")) {
            r = DeviceState.of(session)
                    .evaluate(
                            sd,
                            models.get().root(),
                            version,
                            session::isInterrupted,
                            (done, total) -> progress.update(done, total, done + "/" + total + " runs"));
        }
        if (session.isInterrupted()) {
            throw new KosException("interrupted: evaluation incomplete, nothing reported");
        }
        csv.write(session.json(), r);
        print(r, () -> render(r));
    }

    static String render(EvalReport r) {
        String header = String.format(
                Locale.ROOT,
                "held-out seeds %s (%d devices each, %d failing); learned models fitted on seeds %s; "
                        + "an alarm is %d consecutive minutes at or over the threshold",
                r.seeds(),
                DeviceMachine.DEVICES,
                DeviceMachine.FAILING,
                DeviceData.TRAIN_SEEDS.getFirst() + ".." + DeviceData.TRAIN_SEEDS.getLast(),
                DeviceRunner.CONSECUTIVE);
        return EvalReportText.render(
                r,
                header,
                List.of("failures", "predictor"),
                row -> List.of(row.scenario(), row.method()),
                (c, v) ->
                        c.equals("recall_10m") || c.equals("false_alarms") ? Pipeline.pct(v) : EvalReportText.whole(v));
    }
}
