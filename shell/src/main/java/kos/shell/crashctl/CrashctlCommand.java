package kos.shell.crashctl;

import kos.shell.app.CrashWiring;
import kos.shell.CommandGroup;
import kos.insights.crash.CrashMonitor;
import kos.insights.crash.KosPredictor;
import kos.insights.crash.Prediction;
import kos.insights.crash.PredictionHistory;
import kos.insights.crash.Predictors;
import kos.shell.JsonCommand;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code crashctl}: the OOM crash predictor. */
@Command(name = "crashctl",
        description = "The OOM crash predictor: status, history, alarm threshold, predictor choice, evaluation.",
        subcommands = {CrashctlCommand.Status.class, CrashctlCommand.History.class, CrashctlCommand.Tune.class,
                CrashctlCommand.PredictorCmd.class, CrashctlCommand.Config.class, CrashEvalCommand.class, CrashFitCommand.class})
public final class CrashctlCommand extends CommandGroup {

    /** What {@code crashctl status} reports. */
    public record StatusView(String predictor, long timeNs, double confidence, String level, String cause,
                             Long timeToExhaustionNs, double threshold, boolean alarm, Map<String, Double> factors,
                             KosPredictor.Explanation explanation,
                             PredictionHistory.Counts outcomes, double precision, double recall, double accuracy) {
    }

    /** Terms of the explanation shown in the table (the JSON has them all). */
    private static final int TERMS_SHOWN = 8;

    @Command(name = "status",
            description = {"The latest prediction: confidence (probability of an OOM crash within the horizon, 20 s),",
                    "risk level (NORMAL < 0.6 <= ELEVATED < 0.8 <= WARNING < 0.9 <= CRITICAL), predicted cause,",
                    "time to exhaustion, the factors behind it, and the outcome counts so far."})
    static final class Status extends JsonCommand {

        @Override
        public void run() {
            CrashMonitor m = CrashWiring.monitor(session);
            m.settle();
            Prediction p = m.last();
            PredictionHistory.Counts c = m.history().counts();
            StatusView v = p == null
                    ? new StatusView(m.predictor().name(), session.sim().now(), 0, "NORMAL", "NONE", null, m.threshold(), false, Map.of(),
                    null, c, c.precision(), c.recall(), c.accuracy())
                    : new StatusView(m.predictor().name(), p.timeNs(), p.confidence(), p.level().name(), p.cause().name(),
                    p.timeToExhaustionNs() < 0 ? null : p.timeToExhaustionNs(), m.threshold(), m.alarm(), p.factors(),
                    m.predictor() instanceof KosPredictor k ? k.explain(p) : null, c, c.precision(), c.recall(), c.accuracy());
            print(v, () -> {
                TextTable t = new TextTable("field", "value")
                        .row("predictor", v.predictor())
                        .row("sampled at", Quantities.formatDuration(v.timeNs()))
                        .row("confidence", String.format(Locale.ROOT, "%.3f", v.confidence()))
                        .row("level", v.level())
                        .row("cause", v.cause())
                        .row("time to exhaustion", v.timeToExhaustionNs() == null ? "-" : Quantities.formatDuration(v.timeToExhaustionNs()))
                        .row("alarm", (v.alarm() ? "ON" : "off") + " (threshold " + v.threshold() + ")")
                        .row("outcomes", "TP " + c.truePositives() + "  FP " + c.falsePositives() + "  TN " + c.trueNegatives()
                                + "  FN " + c.falseNegatives() + "  pending " + c.pending())
                        .row("precision / recall / accuracy", String.format(Locale.ROOT, "%.3f / %.3f / %.3f",
                                v.precision(), v.recall(), v.accuracy()));
                StringBuilder sb = new StringBuilder(t.toString());
                KosPredictor.Explanation e = v.explanation();
                if (e != null) {
                    sb.append(String.format(Locale.ROOT, "%nwhy: p(%s) = %.3f = sigmoid(logit %.2f) = sigmoid(bias %.2f + the terms below)%n",
                            e.cause().name().toLowerCase(Locale.ROOT), e.probability(), e.logit(), e.bias()));
                    TextTable f = new TextTable("factor", "value", "weight", "contribution");
                    double rest = 0;
                    for (int i = 0; i < e.terms().size(); i++) {
                        KosPredictor.Term term = e.terms().get(i);
                        if (i < TERMS_SHOWN) {
                            f.row(term.feature(), String.format(Locale.ROOT, "%.3f", term.value()), String.format(Locale.ROOT, "%+.2f", term.weight()),
                                    String.format(Locale.ROOT, "%+.2f", term.contribution()));
                        } else {
                            rest += term.contribution();
                        }
                    }
                    f.row("(" + (e.terms().size() - TERMS_SHOWN) + " others)", "", "", String.format(Locale.ROOT, "%+.2f", rest));
                    sb.append(f);
                } else if (!v.factors().isEmpty()) {
                    TextTable f = new TextTable("factor", "value");
                    v.factors().forEach((k, x) -> f.row(k, String.format(Locale.ROOT, "%.3f", x)));
                    sb.append("\nwhy\n").append(f);
                }
                return sb.toString();
            });
        }
    }

    @Command(name = "history",
            description = "The last N predictions with their outcome (TP, FP, TN, FN once the horizon has passed; PENDING before).")
    static final class History extends JsonCommand {
        @Parameters(paramLabel = "N", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
        int n;

        @Override
        public void run() {
            CrashMonitor m = CrashWiring.monitor(session);
            m.settle();
            List<PredictionHistory.Entry> es = m.history().last(Math.max(0, n));
            print(es, () -> {
                if (es.isEmpty()) {
                    return "(no predictions yet: run the simulation, e.g. 'sim run 5s')";
                }
                TextTable t = new TextTable("time", "confidence", "alarm", "cause", "outcome");
                es.forEach(e -> t.row(Quantities.formatDuration(e.timeNs()), String.format(Locale.ROOT, "%.3f", e.confidence()),
                        e.alarm() ? "yes" : "no", e.cause(), e.outcome()));
                return t.toString();
            });
        }
    }

    @Command(name = "tune",
            description = "Set the alarm threshold: a prediction with confidence >= THRESHOLD is an alarm (default 0.8).")
    static final class Tune extends ShellCommand {
        @Parameters(paramLabel = "THRESHOLD", description = "In (0, 1].")
        double threshold;

        @Override
        public void run() {
            CrashWiring w = CrashWiring.of(session);
            w.threshold(threshold);
            session.sim().find(CrashMonitor.class).ifPresent(m -> m.threshold(threshold));
            session.out().println("alarm threshold " + threshold);
        }
    }

    @Command(name = "config",
            description = {"Show or set how the predictor samples memory created from now on: the sampling period",
                    "(default 100ms) and the order whose unusable free space index it watches (default 9)."})
    static final class Config extends JsonCommand {
        @picocli.CommandLine.Option(names = "--period", paramLabel = "DURATION", description = "Sampling period, 10ms..10s.")
        kos.shell.Args.Duration period;
        @picocli.CommandLine.Option(names = "--order", paramLabel = "K", description = "Watched order, 0..10.")
        Integer order;

        @Override
        public void run() {
            CrashWiring w = CrashWiring.of(session);
            CrashMonitor.Config c = w.monitorConfig();
            if (period != null) {
                if (period.ns() < 10_000_000L || period.ns() > 10_000_000_000L) {
                    throw new kos.sim.KosException("--period must be 10ms..10s, got " + period);
                }
                c = new CrashMonitor.Config(period.ns(), c.threshold(), c.horizonNs(), c.watchedOrder());
            }
            if (order != null) {
                if (order < 0 || order > 10) {
                    throw new kos.sim.KosException("--order must be 0..10, got " + order);
                }
                c = new CrashMonitor.Config(c.periodNs(), c.threshold(), c.horizonNs(), order);
            }
            w.monitorConfig(c);
            CrashMonitor.Config shown = c;
            print(shown, () -> "sampling every " + Quantities.formatDuration(shown.periodNs())
                    + ", watched order " + shown.watchedOrder() + ", horizon " + Quantities.formatDuration(shown.horizonNs())
                    + ", alarm threshold " + shown.threshold()
                    + ((period != null || order != null) ? " (applies to memory created from now on)" : ""));
        }
    }

    @Command(name = "predictor",
            description = {"Choose the predictor for memory created from now on (kos, earlyoom, oomd, proactive, four-factor);",
                    "without NAME, show the current one."})
    static final class PredictorCmd extends ShellCommand {
        @Parameters(paramLabel = "NAME", arity = "0..1", description = "One of: kos, earlyoom, oomd, proactive, four-factor.")
        String name;

        @Override
        public void run() {
            CrashWiring w = CrashWiring.of(session);
            if (name != null) {
                w.predictor(name);
                session.out().println("predictor " + name + " (applies to memory created from now on; 'sim reset' to restart)");
            } else {
                session.out().println("predictor " + w.predictor() + " (available: " + String.join(", ", Predictors.NAMES) + ")");
            }
        }
    }
}
