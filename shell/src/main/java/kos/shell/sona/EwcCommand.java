package kos.shell.sona;

import java.util.Locale;
import kos.shell.JsonCommand;
import kos.shell.TextTable;
import kos.sona.EwcPlusPlus;
import kos.sona.LoopCoordinator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sona ewc}. */
@Command(
        name = "ewc",
        description = {
            "EWC++: lambda, remembered tasks, Fisher, task boundaries.",
            "--lambda L sets lambda (0 = off, else 100..15000); a value out",
            "of range changes nothing."
        })
final class EwcCommand extends JsonCommand {
    /** What {@code sona ewc} reports. */
    record EwcView(
            float lambda,
            float fisherDecay,
            int tasks,
            int maxTasks,
            long boundaries,
            double lastZ,
            double threshold,
            double meanFisher) {

        static EwcView of(LoopCoordinator lc) {
            LoopCoordinator.Status s = lc.status();
            return new EwcView(
                    lc.ewc().lambda(),
                    lc.ewc().decay(),
                    lc.ewc().tasks(),
                    lc.ewc().maxTasks(),
                    s.boundaries(),
                    s.lastBoundaryZ(),
                    lc.config().boundaryZ(),
                    lc.ewc().meanFisher());
        }

        String render() {
            return new TextTable("field", "value")
                    .row("lambda", lambda == 0 ? "0 (off)" : lambda)
                    .row("Fisher decay", fisherDecay)
                    .row("tasks remembered", tasks + " of " + maxTasks)
                    .row(
                            "task boundaries",
                            boundaries + " (z-score threshold " + threshold + ", last z " + SonaCommand.f(lastZ) + ")")
                    .row("mean Fisher", String.format(Locale.ROOT, "%.3g", meanFisher))
                    .toString();
        }
    }

    @Option(names = "--lambda", paramLabel = "L", description = "New lambda: 0 or 100..15000.")
    Float lambda;

    @Override
    public void run() {
        SonaShell sh = SonaShell.of(session);
        if (lambda != null) {
            EwcPlusPlus.checkLambda(lambda);
            sh.config = sh.config.withLambda(lambda);
            if (sh.coordinator() == null) {
                session.out().println("EWC++ lambda " + lambda + " for the next 'sona on'");
                return;
            }
            sh.coordinator().lambda(lambda);
        }
        EwcView v = EwcView.of(sh.requireCoordinator());
        print(v, v::render);
    }
}
