package kos.shell.schedctl;

import java.util.Locale;
import kos.attn.AttentionPolicy;
import kos.insights.dashboard.LatencyStats;
import kos.shell.JsonCommand;
import kos.shell.TextTable;
import kos.shell.app.AttentionWiring;
import kos.sim.TelemetryNames;
import picocli.CommandLine.Command;

/** {@code schedctl transformer stats}. */
@Command(
        name = "stats",
        description = {
            "Decisions, fallback, prediction error, learning, decision latency.",
            "How many decisions CFS made in fallback, the prediction error, learning steps, and the decision",
            "latency percentiles from the AI dashboard (wall clock, recorded only)."
        })
final class TransformerStatsCommand extends JsonCommand {
    /** What the stats show: the policy's counters, its description, the float kernels and its decision latency. */
    public record StatsView(AttentionPolicy.Stats policy, String description, String kernels, LatencyStats latency) {}

    @Override
    public void run() {
        AttentionPolicy p = AttentionWiring.active(session);
        LatencyStats lat =
                session.dashboard().source(TelemetryNames.TRANSFORMER_SCHEDULER).stats();
        StatsView v = new StatsView(p.stats(), p.describe(), p.model().kernels().name(), lat);
        print(v, () -> render(v));
    }

    private static String render(StatsView v) {
        AttentionPolicy.Stats s = v.policy();
        TextTable t = new TextTable("stat", "value");
        t.row("mode", s.inFallback() ? "FALLBACK (cfs decides)" : "attention");
        t.row("decisions", s.decisions());
        t.row("followed (attention)", s.followed());
        t.row("made by cfs fallback", s.fallbackDecisions());
        t.row("fallback entries / exits", s.fallbackEntries() + " / " + s.fallbackExits());
        t.row("deadline-class picks", s.deadlinePicks());
        t.row("model overrides of the rank", s.modelOverrides());
        t.row(
                "finished tasks learned (by class)",
                s.finishedByClass().isEmpty() ? "-" : s.finishedByClass().toString());
        t.row("aging-bound picks", s.agingPicks());
        t.row("preemptions", s.preemptions());
        t.row(
                "prediction error (mean |ln|)",
                Double.isNaN(s.predictionError()) ? "-" : String.format(Locale.ROOT, "%.3f", s.predictionError()));
        t.row(
                "prediction error by class",
                s.predictionErrorByClass().isEmpty()
                        ? "-"
                        : s.predictionErrorByClass().entrySet().stream()
                                .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.3f", e.getValue()))
                                .toList()
                                .toString());
        t.row("resolved bursts", s.errorSamples());
        t.row("learning", s.learning() ? "on (" + s.optimizer() + ", lr " + s.lr() + ")" : "off");
        t.row("learning steps", s.learningSteps());
        t.row("last batch loss", Double.isNaN(s.lastLoss()) ? "-" : String.format(Locale.ROOT, "%.4f", s.lastLoss()));
        t.row("replay samples with targets", s.replayResolved());
        t.row("weights", s.weights());
        t.row("kernels", v.kernels());
        LatencyStats l = v.latency();
        t.row(
                "decision latency p50/p99/p99.9",
                l.total() == 0
                        ? "-"
                        : us(l.p50()) + " / " + us(l.p99()) + " / " + us(l.p999()) + " us (last " + l.window() + ")");
        t.row("decision latency max", l.total() == 0 ? "-" : us(l.cumMax()) + " us over " + l.total());
        return v.description() + "\n" + t;
    }

    private static String us(long ns) {
        return String.format(Locale.ROOT, "%.1f", ns / 1000.0);
    }
}
