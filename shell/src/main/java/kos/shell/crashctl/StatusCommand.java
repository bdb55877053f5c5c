package kos.shell.crashctl;

import java.util.Locale;
import java.util.Map;
import kos.insights.crash.CrashMonitor;
import kos.insights.crash.KosPredictor;
import kos.insights.crash.LogisticModel;
import kos.insights.crash.Prediction;
import kos.insights.crash.PredictionHistory;
import kos.shell.JsonCommand;
import kos.shell.TextTable;
import kos.shell.app.CrashWiring;
import kos.sim.Quantities;
import picocli.CommandLine.Command;

/** {@code crashctl status}: the latest prediction, why it was made, and the outcomes so far. */
@Command(
        name = "status",
        description = {
            "The latest prediction: confidence (probability of an OOM crash within the horizon, 20 s),",
            "risk level (NORMAL < 0.6 <= ELEVATED < 0.8 <= WARNING < 0.9 <= CRITICAL), predicted cause,",
            "time to exhaustion, the factors behind it, and the outcome counts so far."
        })
final class StatusCommand extends JsonCommand {

    /** Terms of the explanation shown in the table (the JSON has them all). */
    private static final int TERMS_SHOWN = 8;

    /** What {@code crashctl status} reports; {@code timeToExhaustionNs} is null when no trend leads to exhaustion. */
    public record StatusView(
            String predictor,
            long timeNs,
            double confidence,
            String level,
            String cause,
            Long timeToExhaustionNs,
            double threshold,
            boolean alarm,
            Map<String, Double> factors,
            KosPredictor.Explanation explanation,
            PredictionHistory.Counts outcomes,
            double precision,
            double recall,
            double accuracy) {

        static StatusView of(CrashMonitor m, long now) {
            Prediction p = m.last();
            PredictionHistory.Counts c = m.history().counts();
            if (p == null) {
                return new StatusView(
                        m.predictor().name(),
                        now,
                        0,
                        "NORMAL",
                        "NONE",
                        null,
                        m.threshold(),
                        false,
                        Map.of(),
                        null,
                        c,
                        c.precision(),
                        c.recall(),
                        c.accuracy());
            }
            return new StatusView(
                    m.predictor().name(),
                    p.timeNs(),
                    p.confidence(),
                    p.level().name(),
                    p.cause().name(),
                    p.timeToExhaustionNs() < 0 ? null : p.timeToExhaustionNs(),
                    m.threshold(),
                    m.alarm(),
                    p.factors(),
                    m.predictor() instanceof KosPredictor k ? k.explain(p) : null,
                    c,
                    c.precision(),
                    c.recall(),
                    c.accuracy());
        }

        String render() {
            PredictionHistory.Counts c = outcomes;
            TextTable t = new TextTable("field", "value")
                    .row("predictor", predictor)
                    .row("sampled at", Quantities.formatDuration(timeNs))
                    .row("confidence", String.format(Locale.ROOT, "%.3f", confidence))
                    .row("level", level)
                    .row("cause", cause)
                    .row(
                            "time to exhaustion",
                            timeToExhaustionNs == null ? "-" : Quantities.formatDuration(timeToExhaustionNs))
                    .row("alarm", (alarm ? "ON" : "off") + " (threshold " + threshold + ")")
                    .row(
                            "outcomes",
                            "TP " + c.truePositives() + "  FP " + c.falsePositives() + "  TN " + c.trueNegatives()
                                    + "  FN " + c.falseNegatives() + "  pending " + c.pending())
                    .row(
                            "precision / recall / accuracy",
                            String.format(Locale.ROOT, "%.3f / %.3f / %.3f", precision, recall, accuracy));
            return t + why();
        }

        /** The explanation: kos's logit term by term, or another predictor's factors. */
        private String why() {
            if (explanation != null) {
                return explanationText(explanation);
            }
            if (factors.isEmpty()) {
                return "";
            }
            TextTable f = new TextTable("factor", "value");
            factors.forEach((k, x) -> f.row(k, String.format(Locale.ROOT, "%.3f", x)));
            return "\nwhy\n" + f;
        }

        private static String explanationText(KosPredictor.Explanation e) {
            StringBuilder sb = new StringBuilder();
            if (e.basis() != null) {
                sb.append(String.format(
                        Locale.ROOT,
                        "%nwhy: p(%s) = %.3f: %s%n",
                        e.cause().name().toLowerCase(Locale.ROOT),
                        e.probability(),
                        e.basis()));
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "%n%s(%s) = %.3f = sigmoid(logit %.2f) = sigmoid(bias %.2f + the terms below)%n",
                    e.basis() != null ? "learned score p" : "why: p",
                    e.cause().name().toLowerCase(Locale.ROOT),
                    e.basis() != null ? LogisticModel.sigmoid(e.logit()) : e.probability(),
                    e.logit(),
                    e.bias()));
            TextTable f = new TextTable("factor", "value", "weight", "contribution");
            double rest = 0;
            for (int i = 0; i < e.terms().size(); i++) {
                KosPredictor.Term term = e.terms().get(i);
                if (i < TERMS_SHOWN) {
                    f.row(
                            term.feature(),
                            String.format(Locale.ROOT, "%.3f", term.value()),
                            String.format(Locale.ROOT, "%+.2f", term.weight()),
                            String.format(Locale.ROOT, "%+.2f", term.contribution()));
                } else {
                    rest += term.contribution();
                }
            }
            f.row(
                    "(" + (e.terms().size() - TERMS_SHOWN) + " others)",
                    "",
                    "",
                    String.format(Locale.ROOT, "%+.2f", rest));
            return sb.append(f).toString();
        }
    }

    @Override
    public void run() {
        CrashMonitor m = CrashWiring.monitor(session);
        m.settle();
        StatusView v = StatusView.of(m, session.sim().now());
        print(v, v::render);
    }
}
