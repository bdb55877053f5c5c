package kos.shell.autoctl;

import kos.insights.dashboard.DashboardSnapshot;
import kos.insights.dashboard.LatencyStats;
import kos.shell.JsonOption;
import kos.shell.Output;
import kos.shell.Session;
import kos.shell.TextTable;
import kos.sim.AtomicFiles;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code autoctl}: the autonomy loop and the AI metrics dashboard. */
@Command(name = "autoctl", mixinStandardHelpOptions = true,
        description = "The autonomy loop and the AI metrics dashboard.",
        subcommands = {AutoctlCommand.AiMetricsCmd.class, AutoctlCommand.ExportMetrics.class, AutoctlCommand.ResetBaseline.class})
public final class AutoctlCommand {

    @Command(name = "ai-metrics", mixinStandardHelpOptions = true,
            description = {"The AI metrics dashboard: wall-clock latency percentiles per AI source (nearest rank over",
                    "the last 1000 samples, and cumulative from an HdrHistogram), counters and derived rates."})
    static final class AiMetricsCmd implements Runnable {
        private final Session session;
        @Mixin
        JsonOption json = new JsonOption();

        AiMetricsCmd(Session session) {
            this.session = session;
        }

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

    @Command(name = "export-metrics", mixinStandardHelpOptions = true,
            description = {"Export the dashboard as JSON (the original kernel's keys: nn_inference, transformer_scheduler,",
                    "llm_inference, decisions.follow_rate, crash_prediction.accuracy, performance.*).",
                    "With FILE the JSON is written there atomically; without, to stdout."})
    static final class ExportMetrics implements Runnable {
        private final Session session;
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Where to write the JSON (default: stdout).")
        Path file;

        ExportMetrics(Session session) {
            this.session = session;
        }

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

    @Command(name = "reset-baseline", mixinStandardHelpOptions = true,
            description = "Zero the baseline-versus-AI comparison counters (context switches, turnaround, memory saved).")
    static final class ResetBaseline implements Runnable {
        private final Session session;

        ResetBaseline(Session session) {
            this.session = session;
        }

        @Override
        public void run() {
            session.dashboard().resetBaseline();
            session.out().println("baseline counters reset");
        }
    }
}
