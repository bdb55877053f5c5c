package kos.shell.schedctl;

import java.util.Locale;
import kos.attn.AttentionPolicy;
import kos.shell.JsonCommand;
import kos.shell.TextTable;
import kos.shell.app.AttentionWiring;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code schedctl transformer explain}: the attention scheduler's last decision, head by head. */
@Command(
        name = "explain",
        description = {
            "Why the last decision went the way it did.",
            "Every queued task's predicted burst and the attention",
            "weight the explained task (the one that ran, or PID) put on it, and the explained task's features with",
            "how much its prediction moves when each is zeroed."
        })
final class TransformerExplainCommand extends JsonCommand {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "PID",
            description = "A task of the last decision's run queue (default: the one that ran).")
    Long pid;

    @Override
    public void run() {
        AttentionPolicy p = AttentionWiring.active(session);
        AttentionPolicy.Explanation e = p.explain(pid == null ? -1 : pid)
                .orElseThrow(() -> new KosException(
                        pid == null
                                ? "no decision yet: run the simulation first"
                                : "task " + pid + " was not in the last decision's run queue"));
        print(e, () -> render(e));
    }

    private static String render(AttentionPolicy.Explanation e) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "decision at %.3f ms%s; explaining pid %d (%s), predicted burst %.3f ms%n%n",
                e.timeNs() / 1e6,
                e.byFallback() ? " made by the CFS fallback" : " made by attention",
                e.pid(),
                e.name(),
                e.predictedBurstMs()));
        TextTable t = new TextTable("pid", "task", "predicted ms", "attention", "waited ms", "ran");
        e.candidates().stream()
                .sorted((a, b) -> Double.compare(b.attention(), a.attention()))
                .limit(20)
                .forEach(c -> t.row(
                        c.pid(),
                        c.name(),
                        String.format(Locale.ROOT, "%.3f", c.predictedBurstMs()),
                        String.format(Locale.ROOT, "%.3f", c.attention()),
                        String.format(Locale.ROOT, "%.2f", c.waitMs()),
                        c.picked() ? "*" : ""));
        sb.append(t);
        if (e.candidates().size() > 20) {
            sb.append("(").append(e.candidates().size() - 20).append(" more with less attention)\n");
        }
        sb.append('\n');
        TextTable f = new TextTable("feature", "value", "effect ms");
        e.features()
                .forEach(c -> f.row(
                        c.feature(),
                        String.format(Locale.ROOT, "%.3f", c.value()),
                        String.format(Locale.ROOT, "%+.3f", c.effect())));
        sb.append(f);
        return sb.toString();
    }
}
