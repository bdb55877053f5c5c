package kos.shell.autoctl;

import java.util.List;
import java.util.Map;
import kos.insights.autonomy.AuditEntry;
import kos.insights.autonomy.AutonomyLoop;
import kos.insights.crash.CrashMonitor;
import kos.shell.Args;
import kos.shell.CommandGroup;
import kos.shell.JsonCommand;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.shell.app.CrashWiring;
import kos.shell.app.FeatureGates;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code autoctl}: the autonomy loop and the AI metrics dashboard. */
@Command(
        name = "autoctl",
        description = "The autonomy loop and the AI metrics dashboard.",
        subcommands = {
            AutoctlCommand.On.class,
            AutoctlCommand.Off.class,
            AutoctlCommand.StatusCmd.class,
            AutoctlCommand.Audit.class,
            GateCommand.class,
            DashboardCommands.AiMetricsCmd.class,
            DashboardCommands.ExportMetrics.class,
            DashboardCommands.ResetBaseline.class,
            ServeCommand.class
        })
public final class AutoctlCommand extends CommandGroup {

    @Command(
            name = "on",
            description = {
                "Turn the autonomy loop on: every interval it reads the crash predictor and, on an alarm, acts on the",
                "predicted cause: compaction for fragmentation, page-cache reclaim for cache pressure, an early kill of",
                "the fastest-growing process for lack of memory. Applies now and to memory created later."
            })
    static final class On extends ShellCommand {
        @Option(
                names = "--interval",
                paramLabel = "DURATION",
                description = "Decision interval, 100ms..60s (default 500ms).")
        Args.Duration interval;

        @Option(names = "--no-kill", description = "Never kill; only compact and reclaim.")
        boolean noKill;

        @Override
        public void run() {
            FeatureGates.of(session).require(FeatureGates.AUTONOMY);
            CrashWiring w = CrashWiring.of(session);
            AutonomyLoop.Config c = w.loopConfig().withKillAllowed(!noKill);
            if (interval != null) {
                c = c.withInterval(interval.ns());
            }
            boolean restart = !c.equals(w.loopConfig())
                    && session.hasSimulation()
                    && session.sim().find(AutonomyLoop.class).isPresent();
            w.loopConfig(c);
            w.autonomy(true);
            if (session.hasSimulation()) {
                session.sim().find(AutonomyLoop.class).ifPresent(l -> l.enabled(true));
            }
            session.out()
                    .println("autonomy on (interval " + Quantities.formatDuration(c.intervalNs()) + ", kills "
                            + (c.killAllowed() ? "allowed" : "not allowed") + ")"
                            + (restart
                                    ? "; the new interval and kill setting apply to memory created from now on"
                                    : ""));
        }
    }

    @Command(name = "off", description = "Turn the autonomy loop off (the predictor keeps predicting).")
    static final class Off extends ShellCommand {

        @Override
        public void run() {
            CrashWiring.of(session).autonomy(false);
            if (session.hasSimulation()) {
                session.sim().find(AutonomyLoop.class).ifPresent(l -> l.enabled(false));
            }
            session.out().println("autonomy off");
        }
    }

    /** What {@code autoctl status} reports. */
    public record LoopStatus(
            boolean enabled,
            long intervalNs,
            boolean killAllowed,
            int maxCompactionsPerMinute,
            boolean safeMode,
            Map<String, Integer> actions,
            String predictor,
            double threshold,
            Map<String, Boolean> gates) {

        static LoopStatus of(AutonomyLoop l, CrashMonitor m, Map<String, Boolean> gates) {
            return new LoopStatus(
                    l.enabled(),
                    l.config().intervalNs(),
                    l.config().killAllowed(),
                    l.config().maxCompactionsPerMinute(),
                    l.safeMode(),
                    l.actionCounts(),
                    m.predictor().name(),
                    m.threshold(),
                    gates);
        }

        String render() {
            return new TextTable("field", "value")
                    .row("autonomy", enabled ? "on" : "off")
                    .row("interval", Quantities.formatDuration(intervalNs))
                    .row("kills", killAllowed ? "allowed" : "not allowed")
                    .row("compaction limit", maxCompactionsPerMinute + " per minute")
                    .row("safe mode", safeMode ? "ON (extreme pressure: compaction held back)" : "off")
                    .row("actions taken", actions.isEmpty() ? "none" : actions.toString())
                    .row("predictor", predictor + " (alarm threshold " + threshold + ")")
                    .row("feature gates", GateCommand.summary(gates))
                    .toString();
        }
    }

    @Command(name = "status", description = "Whether the loop is on, its settings, safe mode and the actions taken.")
    static final class StatusCmd extends JsonCommand {

        @Override
        public void run() {
            LoopStatus v = LoopStatus.of(
                    CrashWiring.loop(session),
                    CrashWiring.monitor(session),
                    GateCommand.states(FeatureGates.of(session)));
            print(v, v::render);
        }
    }

    @Command(name = "audit", description = "The last N decisions of the loop with their reason and result.")
    static final class Audit extends JsonCommand {
        @Parameters(paramLabel = "N", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
        int n;

        @Override
        public void run() {
            List<AuditEntry> es = CrashWiring.loop(session).audit(Math.max(0, n));
            print(es, () -> {
                if (es.isEmpty()) {
                    return "(no decisions yet: 'autoctl on', then run the simulation)";
                }
                TextTable t = new TextTable("time", "action", "reason", "result");
                es.forEach(e -> t.row(
                        Quantities.formatDuration(e.timeNs()),
                        e.action(),
                        e.reason(),
                        e.detail().isEmpty() ? "-" : e.detail()));
                return t.toString();
            });
        }
    }
}
