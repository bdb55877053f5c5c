package kos.shell.crashctl;

import java.util.List;
import java.util.Locale;
import kos.insights.crash.CrashMonitor;
import kos.insights.crash.PredictionHistory;
import kos.insights.crash.Predictors;
import kos.shell.CommandGroup;
import kos.shell.JsonCommand;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.shell.app.CrashWiring;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code crashctl}: the OOM crash predictor. */
@Command(
        name = "crashctl",
        description = "The OOM crash predictor: status, history, alarm threshold, predictor choice, evaluation.",
        subcommands = {
            StatusCommand.class,
            CrashctlCommand.History.class,
            CrashctlCommand.Tune.class,
            CrashctlCommand.PredictorCmd.class,
            CrashctlCommand.Config.class,
            CrashEvalCommand.class,
            CrashFitCommand.class
        })
public final class CrashctlCommand extends CommandGroup {

    @Command(
            name = "history",
            description =
                    "The last N predictions with their outcome (TP, FP, TN, FN once the horizon has passed; PENDING before).")
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
                es.forEach(e -> t.row(
                        Quantities.formatDuration(e.timeNs()),
                        String.format(Locale.ROOT, "%.3f", e.confidence()),
                        e.alarm() ? "yes" : "no",
                        e.cause(),
                        e.outcome()));
                return t.toString();
            });
        }
    }

    @Command(
            name = "tune",
            description =
                    "Set the alarm threshold: a prediction with confidence >= THRESHOLD is an alarm (default 0.8).")
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

    @Command(
            name = "config",
            description = {
                "Show or set how the predictor samples memory created from now on: the sampling period",
                "(default 100ms) and the order whose unusable free space index it watches (default 9)."
            })
    static final class Config extends JsonCommand {
        @picocli.CommandLine.Option(
                names = "--period",
                paramLabel = "DURATION",
                description = "Sampling period, 10ms..10s.")
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
            print(
                    shown,
                    () -> "sampling every " + Quantities.formatDuration(shown.periodNs())
                            + ", watched order " + shown.watchedOrder() + ", horizon "
                            + Quantities.formatDuration(shown.horizonNs())
                            + ", alarm threshold " + shown.threshold()
                            + ((period != null || order != null) ? " (applies to memory created from now on)" : ""));
        }
    }

    @Command(
            name = "predictor",
            description = {
                "Choose the predictor for memory created from now on (kos, earlyoom, oomd, proactive, four-factor);",
                "without NAME, show the current one."
            })
    static final class PredictorCmd extends ShellCommand {
        @Parameters(
                paramLabel = "NAME",
                arity = "0..1",
                description = "One of: kos, earlyoom, oomd, proactive, four-factor.")
        String name;

        @Override
        public void run() {
            CrashWiring w = CrashWiring.of(session);
            if (name != null) {
                w.predictor(name);
                session.out()
                        .println("predictor " + name
                                + " (applies to memory created from now on; 'sim reset' to restart)");
            } else {
                session.out()
                        .println("predictor " + w.predictor() + " (available: " + String.join(", ", Predictors.NAMES)
                                + ")");
            }
        }
    }
}
