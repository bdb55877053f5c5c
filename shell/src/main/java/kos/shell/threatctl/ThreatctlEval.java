package kos.shell.threatctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kos.insights.ml.EvalReport;
import kos.insights.ml.Pipeline;
import kos.insights.threat.ThreatDetector;
import kos.insights.threat.ThreatEval;
import kos.insights.threat.ThreatModel;
import kos.insights.threat.ThreatService;
import kos.shell.JsonCommand;
import kos.shell.ModelsOption;
import kos.shell.Progress;
import kos.shell.app.EvalReportText;
import kos.shell.report.CsvOption;
import kos.sim.KosException;
import kos.threat.ThreatScenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "eval",
        description = {
            "Evaluate the operator rules, XGBoost and kos's MLP (fitted on the training scenarios, seeds 1-4",
            "and 9-12) on held-out seeds and the attack variants never trained on, each run with the responder",
            "killing what is flagged (and the MLP also killing at the first flag and with the graduated responder),",
            "beside an oracle row (ground truth, killing at the first observation: the floor of the victims' cost):",
            "detection, within 1 s, time to detection, false positives per benign task, victims' turnaround against",
            "the attack-free run, benign tasks acted on and killed; goals checked for the training scenarios, the",
            "session-5, session-6, session-7, session-8 and session-9 variants apart. Takes minutes."
        })
final class ThreatctlEval extends JsonCommand {
    @Option(names = "--seeds", paramLabel = "LIST", description = "Held-out seeds (default 101..105).")
    String seeds;

    @Option(
            names = "--scenarios",
            paramLabel = "S",
            split = ",",
            description = "Scenarios (default: all, training ones and variants).")
    List<String> scenarios = new ArrayList<>();

    @Option(
            names = "--version",
            paramLabel = "V",
            description =
                    "The threat model's registry version for the MLP (default: promoted, else latest, else the shipped one).")
    int version;

    @Mixin
    ModelsOption models = new ModelsOption();

    @Mixin
    CsvOption csv = new CsvOption();

    @Override
    public void run() {
        csv.check();
        List<String> sc = scenarios.isEmpty() ? ThreatScenarios.all() : scenarios;
        sc.forEach(ThreatScenarios::check);
        List<Long> sd = ThreatState.seeds(seeds, ThreatModel.EVAL_SEEDS);
        ThreatService svc = ThreatState.of(session);
        var training = svc.training(session::isInterrupted);
        var mlp = svc.mlp(models.get().root(), version, session::isInterrupted);
        if (session.isInterrupted()) {
            throw new KosException("interrupted: nothing evaluated");
        }
        EvalReport r = evaluate(ThreatEval.detectors(mlp, training), sc, sd);
        String model = svc.lastModel();
        csv.write(session.json(), r);
        print(r, () -> render(r, model, training.size()));
    }

    /** Every detector on every scenario and seed, with a progress line; Ctrl-C reports nothing. */
    private EvalReport evaluate(List<ThreatDetector> detectors, List<String> scenarioList, List<Long> seedList) {
        EvalReport r;
        try (Progress progress = new Progress(session, "threatctl eval")) {
            r = ThreatEval.evaluate(
                    detectors,
                    scenarioList,
                    seedList,
                    session::isInterrupted,
                    (done, total) -> progress.update(done, total, done + "/" + total + " runs"));
        }
        if (session.isInterrupted()) {
            throw new KosException("interrupted: evaluation incomplete, nothing reported");
        }
        return r;
    }

    static String render(EvalReport r, String model, int rows) {
        String header = String.format(
                Locale.ROOT,
                "held-out seeds %s; trained on %s, seeds %s (%d rows); mlp: %s",
                r.seeds(),
                ThreatScenarios.TRAINING,
                ThreatModel.TRAIN_SEEDS,
                rows,
                model);
        return EvalReportText.render(
                r, header, List.of("scenario", "detector"), row -> List.of(row.scenario(), row.method()), (c, v) -> {
                    if (c.equals("detection") || c.equals("within_1s") || c.equals("fp_per_task")) {
                        return Pipeline.pct(v);
                    }
                    return c.equals("turnaround_ratio")
                            ? String.format(Locale.ROOT, "%.3fx", v)
                            : EvalReportText.whole(v);
                });
    }
}
