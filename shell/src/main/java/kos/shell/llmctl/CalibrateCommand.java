package kos.shell.llmctl;

import java.nio.file.Path;
import java.util.Locale;
import kos.llm.backend.EmbeddedBackend;
import kos.llm.eval.CalibrationFit;
import kos.llm.eval.EvalCorpus;
import kos.shell.JsonCommand;
import kos.shell.TextTable;
import kos.sim.AtomicFiles;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code llmctl calibrate}: fits the embedded backend's intent scorer, learned examples and calibrated
 * confidence on the corpus's training questions only ({@link CalibrationFit}), writes the calibration
 * JSON that ships in llm-lora, and makes the session's embedded backend use it.
 */
@Command(
        name = "calibrate",
        description = {
            "Fit the embedded backend's intent scorer, learned examples and calibrated confidence (abstain threshold)",
            "on the corpus's training questions only, 4-fold cross-validated (never the paraphrases or the held-out",
            "sets), and write the JSON that ships in llm-lora. Reproducible: the same playbook and corpus give the same fit."
        })
public final class CalibrateCommand extends JsonCommand {
    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Where to write the calibration (default: the shipped resource under kos.home).")
    Path out;

    @Override
    public void run() {
        LlmShell llm = LlmShell.of(session);
        llm.requireEnabled();
        if (!(llm.backend() instanceof EmbeddedBackend base)) {
            throw new KosException("llmctl calibrate fits the embedded backend: 'llmctl backend embedded' first");
        }
        CalibrationFit.Result fit = CalibrationFit.fit(EvalCorpus.load(), base, ShellLiveSystem::new, p -> {});
        Path target = out != null ? out : shipped();
        try {
            AtomicFiles.write(
                    target, session.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(fit.calibration()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new KosException("cannot serialise the calibration: " + e.getOriginalMessage());
        }
        llm.backend(base.withCalibration(fit.calibration()));
        print(fit, () -> text(fit) + "written to " + target + "\n");
    }

    private static Path shipped() {
        return Path.of(
                System.getProperty("kos.home", "."),
                "llm-lora",
                "src",
                "main",
                "resources",
                "kos",
                "llm",
                "calibration.json");
    }

    static String text(CalibrationFit.Result f) {
        TextTable t = new TextTable("cross-validated on the training questions", "actionable", "wrong", "log loss");
        f.trials()
                .forEach(x ->
                        t.row(x.scorer(), x.actionable(), x.wrong(), String.format(Locale.ROOT, "%.3f", x.logLoss())));
        var c = f.calibration();
        return String.format(
                Locale.ROOT,
                "fitted on %d training questions (request-kind head: %.1f%% of its playbook examples right)%n%s"
                        + "chosen: %s; confidence = logistic(%.3f + %.3f similarity + %.3f margin + %.3f kind p),"
                        + " Brier %.3f; abstain below %.4f%n"
                        + "training: %d actionable / %d wrong answers; over the threshold (what auto mode runs) %d / %d%n"
                        + "not actionable when unseen (cross-validated): %s%n",
                f.questions(),
                100 * f.headTrainingAccuracy(),
                t,
                CalibrationFit.describe(c),
                c.intercept(),
                c.coefficients().get(0),
                c.coefficients().get(1),
                c.coefficients().get(2),
                f.brier(),
                c.threshold(),
                f.before().actionable(),
                f.before().wrong(),
                f.after().actionable(),
                f.after().wrong(),
                f.missed().isEmpty() ? "none" : String.join("; ", f.missed()));
    }
}
