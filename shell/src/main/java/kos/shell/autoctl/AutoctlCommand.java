package kos.shell.autoctl;

import kos.shell.CommandGroup;
import kos.insights.autonomy.AuditEntry;
import kos.insights.autonomy.AutonomyLoop;
import kos.insights.crash.CrashMonitor;
import kos.insights.dashboard.DashboardSnapshot;
import kos.insights.dashboard.LatencyStats;
import kos.shell.Args;
import kos.shell.JsonOption;
import kos.shell.app.CrashWiring;
import kos.shell.Output;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.AtomicFiles;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code autoctl}: the autonomy loop and the AI metrics dashboard. */
@Command(name = "autoctl",
        description = "The autonomy loop and the AI metrics dashboard.",
        subcommands = {AutoctlCommand.On.class, AutoctlCommand.Off.class, AutoctlCommand.StatusCmd.class, AutoctlCommand.Audit.class,
                AutoctlCommand.AiMetricsCmd.class, AutoctlCommand.ExportMetrics.class, AutoctlCommand.ResetBaseline.class})
public final class AutoctlCommand extends CommandGroup {

    @Command(name = "on",
            description = {"Turn the autonomy loop on: every interval it reads the crash predictor and, on an alarm, acts on the",
                    "predicted cause: compaction for fragmentation, page-cache reclaim for cache pressure, an early kill of",
                    "the fastest-growing process for lack of memory. Applies now and to memory created later."})
    static final class On extends ShellCommand {
        @Option(names = "--interval", paramLabel = "DURATION", description = "Decision interval, 100ms..60s (default 500ms).")
        Args.Duration interval;
        @Option(names = "--no-kill", description = "Never kill; only compact and reclaim.")
        boolean noKill;

        @Override
        public void run() {
            CrashWiring w = CrashWiring.of(session);
            AutonomyLoop.Config c = w.loopConfig().withKillAllowed(!noKill);
            if (interval != null) {
                c = c.withInterval(interval.ns());
            }
            boolean restart = !c.equals(w.loopConfig()) && session.hasSimulation() && session.sim().find(AutonomyLoop.class).isPresent();
            w.loopConfig(c);
            w.autonomy(true);
            if (session.hasSimulation()) {
                session.sim().find(AutonomyLoop.class).ifPresent(l -> l.enabled(true));
            }
            session.out().println("autonomy on (interval " + Quantities.formatDuration(c.intervalNs()) + ", kills "
                    + (c.killAllowed() ? "allowed" : "not allowed") + ")"
                    + (restart ? "; the new interval and kill setting apply to memory created from now on" : ""));
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
    public record LoopStatus(boolean enabled, long intervalNs, boolean killAllowed, int maxCompactionsPerMinute, boolean safeMode,
                             Map<String, Integer> actions, String predictor, double threshold) {
    }

    @Command(name = "status", description = "Whether the loop is on, its settings, safe mode and the actions taken.")
    static final class StatusCmd extends ShellCommand {
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            AutonomyLoop l = CrashWiring.loop(session);
            CrashMonitor m = CrashWiring.monitor(session);
            LoopStatus v = new LoopStatus(l.enabled(), l.config().intervalNs(), l.config().killAllowed(),
                    l.config().maxCompactionsPerMinute(), l.safeMode(), l.actionCounts(), m.predictor().name(), m.threshold());
            Output.print(session, json.enabled(), v, () -> new TextTable("field", "value")
                    .row("autonomy", v.enabled() ? "on" : "off")
                    .row("interval", Quantities.formatDuration(v.intervalNs()))
                    .row("kills", v.killAllowed() ? "allowed" : "not allowed")
                    .row("compaction limit", v.maxCompactionsPerMinute() + " per minute")
                    .row("safe mode", v.safeMode() ? "ON (extreme pressure: compaction held back)" : "off")
                    .row("actions taken", v.actions().isEmpty() ? "none" : v.actions().toString())
                    .row("predictor", v.predictor() + " (alarm threshold " + v.threshold() + ")").toString());
        }
    }

    @Command(name = "audit", description = "The last N decisions of the loop with their reason and result.")
    static final class Audit extends ShellCommand {
        @Parameters(paramLabel = "N", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
        int n;
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            List<AuditEntry> es = CrashWiring.loop(session).audit(Math.max(0, n));
            Output.print(session, json.enabled(), es, () -> {
                if (es.isEmpty()) {
                    return "(no decisions yet: 'autoctl on', then run the simulation)";
                }
                TextTable t = new TextTable("time", "action", "reason", "result");
                es.forEach(e -> t.row(Quantities.formatDuration(e.timeNs()), e.action(), e.reason(), e.detail().isEmpty() ? "-" : e.detail()));
                return t.toString();
            });
        }
    }

    @Command(name = "ai-metrics",
            description = {"The AI metrics dashboard: wall-clock latency percentiles per AI source (nearest rank over",
                    "the last 1000 samples, and cumulative from an HdrHistogram), counters and derived rates."})
    static final class AiMetricsCmd extends ShellCommand {
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            DashboardSnapshot s = session.dashboard().snapshot();
            Output.print(session, json.enabled(), s, () -> render(s));
        }
    }

    static String render(DashboardSnapshot s) {
        TextTable lat = new TextTable("source", "window", "p50", "p90", "p99", "p99.9", "total", "cum p99", "cum max");
        for (Map.Entry<String, LatencyStats> e : s.latencies().entrySet()) {
            LatencyStats l = e.getValue();
            lat.row(e.getKey(), l.window(), d(l.p50()), d(l.p90()), d(l.p99()), d(l.p999()), l.total(), d(l.cumP99()), d(l.cumMax()));
        }
        TextTable rates = new TextTable("rate", "value")
                .row("decision follow rate", pct(s.rates().followRatePct()))
                .row("crash prediction accuracy", pct(s.rates().crashAccuracyPct()))
                .row("context-switch improvement", pct(s.rates().ctxSwitchImprovementPct()))
                .row("memory saved", String.format(Locale.ROOT, "%.1f MB", s.rates().memorySavedMb()))
                .row("scheduler improvement", pct(s.rates().schedulerImprovementPct()));
        StringBuilder sb = new StringBuilder("AI latencies (wall clock; window = last 1000 samples)\n").append(lat)
                .append("\nRates\n").append(rates);
        if (!s.counters().isEmpty()) {
            TextTable c = new TextTable("counter", "value");
            s.counters().forEach(c::row);
            sb.append("\nCounters\n").append(c);
        }
        return sb.toString();
    }

    private static String d(long ns) {
        return ns == 0 ? "-" : Quantities.formatDuration(ns);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }

    @Command(name = "export-metrics",
            description = {"Export the dashboard as JSON (the original kernel's keys: nn_inference, transformer_scheduler,",
                    "llm_inference, decisions.follow_rate, crash_prediction.accuracy, performance.*).",
                    "With FILE the JSON is written there atomically; without, to stdout."})
    static final class ExportMetrics extends ShellCommand {
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Where to write the JSON (default: stdout).")
        Path file;

        @Override
        public void run() {
            DashboardSnapshot s = session.dashboard().snapshot();
            if (file == null) {
                Output.print(session, true, s, null);
                return;
            }
            try {
                AtomicFiles.write(file, session.json().writeValueAsBytes(s));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new KosException("cannot serialise the metrics: " + e.getOriginalMessage());
            }
            session.out().println("metrics written to " + file);
        }
    }

    @Command(name = "reset-baseline",
            description = "Zero the baseline-versus-AI comparison counters (context switches, turnaround, memory saved).")
    static final class ResetBaseline extends ShellCommand {

        @Override
        public void run() {
            session.dashboard().resetBaseline();
            session.out().println("baseline counters reset");
        }
    }
}
