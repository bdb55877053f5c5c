package kos.shell.sona;

import java.util.List;
import java.util.Locale;
import kos.shell.JsonCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sona.LoopCoordinator;
import kos.sona.SonaConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sona loops}. */
@Command(
        name = "loops",
        description = {
            "The three learning loops: when, how often, wall-clock cost.",
            "--run b|c runs Loop B or Loop C (consolidation and dreams) now."
        })
final class LoopsCommand extends JsonCommand {
    /** One loop's row in {@code sona loops}. */
    record LoopView(String loop, String when, long runs, String wallTime) {

        static List<LoopView> of(LoopCoordinator lc) {
            LoopCoordinator.Status s = lc.status();
            SonaConfig c = lc.config();
            return List.of(
                    new LoopView(
                            "A",
                            "every decision (MicroLoRA applied every " + c.applyEvery() + ")",
                            s.decisions(),
                            Quantities.formatDuration(s.loopANanos())),
                    new LoopView(
                            "B",
                            "every " + Quantities.formatDuration(c.loopBPeriodNs()) + " of virtual time",
                            s.loopBRuns(),
                            Quantities.formatDuration(s.loopBNanos())),
                    new LoopView(
                            "C",
                            "on demand and at task boundaries (" + c.dreamSteps() + " dreams)",
                            s.loopCRuns(),
                            Quantities.formatDuration(s.loopCNanos())));
        }
    }

    @Option(names = "--run", paramLabel = "b|c", description = "Run Loop B or Loop C now.")
    String runNow;

    @Override
    public void run() {
        LoopCoordinator lc = SonaShell.of(session).requireCoordinator();
        if (runNow != null) {
            runNow(lc, session.sim().now());
        }
        List<LoopView> rows = LoopView.of(lc);
        print(rows, () -> {
            TextTable t = new TextTable("loop", "runs", "wall time", "when");
            rows.forEach(r -> t.row(r.loop(), r.runs(), r.wallTime(), r.when()));
            return t.toString();
        });
    }

    private void runNow(LoopCoordinator lc, long now) {
        switch (runNow.toLowerCase(Locale.ROOT)) {
            case "b" -> lc.loopB(now);
            case "c" -> {
                LoopCoordinator.LoopCResult r = lc.loopC(now);
                session.err()
                        .println("loop C: " + r.dreams() + " dreams, " + r.pruned() + " patterns pruned, " + r.merged()
                                + " merged, " + r.patterns() + " left");
            }
            default -> throw new KosException("--run expects b or c, got '" + runNow + "'");
        }
    }
}
