package kos.shell.autoctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import kos.insights.dashboard.DashboardSnapshot;
import kos.insights.dashboard.DerivedRates;
import kos.insights.dashboard.LatencyStats;
import kos.shell.Args;
import kos.shell.JsonCommand;
import kos.shell.Output;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.shell.app.ShadowBaseline;
import kos.sim.AtomicFiles;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code autoctl ai-metrics}, {@code export-metrics} and {@code reset-baseline}: the AI metrics dashboard. */
final class DashboardCommands {
    private DashboardCommands() {}

    /** The dashboard with the shadow baseline measured first (when the attention scheduler ran). */
    static DashboardSnapshot measured(Session session) {
        ShadowBaseline.of(session).measure(session);
        return session.dashboard().snapshot();
    }

    @Command(
            name = "ai-metrics",
            description = {
                "The AI metrics dashboard: wall-clock latency percentiles per AI source (nearest rank over",
                "the last 1000 samples, and cumulative from an HdrHistogram), counters and derived rates.",
                "A rate with nothing behind it reads 'not measured'. Context-switch and scheduler improvement",
                "compare the attention scheduler with CFS on a paired replay of this session's simulation.",
                "--watch redraws it in place every INTERVAL (default 1s) until Ctrl-C."
            })
    static final class AiMetricsCmd extends JsonCommand {

        @Option(
                names = "--watch",
                arity = "0..1",
                fallbackValue = "1s",
                paramLabel = "INTERVAL",
                description = "Refresh every INTERVAL (100ms..1h, default 1s) until Ctrl-C.")
        Args.Duration watch;

        @Option(
                names = "--count",
                paramLabel = "N",
                defaultValue = "0",
                description = "With --watch: stop after N refreshes (default: until Ctrl-C).")
        int count;

        @Override
        public void run() {
            if (watch == null) {
                DashboardSnapshot s = measured(session);
                print(s, () -> render(s, ShadowBaseline.of(session).last()));
                return;
            }
            if (watch.ns() < 100_000_000L || watch.ns() > 3_600_000_000_000L) {
                throw new KosException("--watch: the interval must be 100ms..1h, got " + watch);
            }
            Watch.run(session, watch.ns(), count, json.enabled(), () -> {
                DashboardSnapshot s = measured(session);
                return json.enabled()
                        ? Output.json(session, s)
                        : render(s, ShadowBaseline.of(session).last());
            });
        }
    }

    static String render(DashboardSnapshot s, Optional<ShadowBaseline.Comparison> baseline) {
        TextTable lat = new TextTable("source", "window", "p50", "p90", "p99", "p99.9", "total", "cum p99", "cum max");
        for (Map.Entry<String, LatencyStats> e : s.latencies().entrySet()) {
            LatencyStats l = e.getValue();
            lat.row(
                    e.getKey(),
                    l.window(),
                    d(l.p50()),
                    d(l.p90()),
                    d(l.p99()),
                    d(l.p999()),
                    l.total(),
                    d(l.cumP99()),
                    d(l.cumMax()));
        }
        DerivedRates r = s.rates();
        TextTable rates = new TextTable("rate", "value")
                .row("decision follow rate", pct(r.followRatePct()))
                .row("crash prediction accuracy", pct(r.crashAccuracyPct()))
                .row("context-switch improvement", pct(r.ctxSwitchImprovementPct()))
                .row(
                        "memory saved",
                        r.memorySavedMb() == null
                                ? NOT_MEASURED
                                : String.format(Locale.ROOT, "%.1f MB", r.memorySavedMb()))
                .row("scheduler improvement", pct(r.schedulerImprovementPct()));
        StringBuilder sb = new StringBuilder("AI latencies (wall clock; window = last 1000 samples;"
                        + " nn_inference = every NN evaluation: crash predictor and attention scheduler)\n")
                .append(lat)
                .append("\nRates\n")
                .append(rates);
        baseline.ifPresent(b -> sb.append(String.format(
                Locale.ROOT,
                "baseline: paired replay of %d commands with %s in place of the attention scheduler (%d ms wall):%n"
                        + "  switches %d vs %d (AI), mean turnaround %.1f ms vs %.1f ms over %d vs %d finished tasks%n",
                b.replayedCommands(),
                b.baseline(),
                b.wallMs(),
                b.switches()[0],
                b.switches()[1],
                b.meanTurnaroundMs()[0],
                b.meanTurnaroundMs()[1],
                b.finished()[0],
                b.finished()[1])));
        if (!s.counters().isEmpty()) {
            TextTable c = new TextTable("counter", "value");
            s.counters().forEach(c::row);
            sb.append("\nCounters\n").append(c);
        }
        return sb.toString();
    }

    static final String NOT_MEASURED = "not measured";

    private static String d(long ns) {
        return ns == 0 ? "-" : Quantities.formatDuration(ns);
    }

    private static String pct(Double v) {
        return v == null ? NOT_MEASURED : String.format(Locale.ROOT, "%.1f%%", v);
    }

    @Command(
            name = "export-metrics",
            description = {
                "Export the dashboard as JSON: the original kernel's keys (nn_inference.p50_us/p99_us,",
                "transformer_scheduler, llm_inference, decisions.follow_rate, crash_prediction.accuracy,",
                "performance.*) beside kos's own (nanosecond percentiles, counters); null = not measured.",
                "With FILE the JSON is written there atomically (its directory must exist); without, to stdout."
            })
    static final class ExportMetrics extends ShellCommand {
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Where to write the JSON (default: stdout).")
        Path file;

        @Override
        public void run() {
            DashboardSnapshot s = measured(session);
            if (file == null) {
                Output.print(session, true, s, null);
                return;
            }
            try {
                AtomicFiles.write(file, session.json().writeValueAsBytes(s));
            } catch (JsonProcessingException e) {
                throw new KosException("cannot serialise the metrics: " + e.getOriginalMessage());
            }
            session.out().println("metrics written to " + file);
        }
    }

    @Command(
            name = "reset-baseline",
            description =
                    "Zero the baseline-versus-AI comparison counters (context switches, turnaround, memory saved).")
    static final class ResetBaseline extends ShellCommand {
        @Override
        public void run() {
            session.dashboard().resetBaseline();
            session.out().println("baseline counters reset");
        }
    }
}
