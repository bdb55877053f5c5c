package kos.shell.schedctl;

import kos.sched.CostModel;
import kos.sched.Scheduler;
import kos.shell.Args;
import kos.shell.JsonCommand;
import kos.shell.app.Subsystems;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code schedctl cost}. */
@Command(
        name = "cost",
        description = {
            "Show or set the context-switch cost model: a direct cost per switch plus a cache refill",
            "that grows with the working set and the time away (cold after --cold-after; a migration is cold)."
        })
final class CostCommand extends JsonCommand {
    record CostView(long switchNs, long refillNsPerMiB, long coldAfterNs, String description) {}

    @Option(names = "--switch", paramLabel = "DURATION", description = "Direct cost per switch (default 1.5us).")
    Args.Duration switchCost;

    @Option(
            names = "--refill",
            paramLabel = "DURATION",
            description = "Refill cost per MiB of working set when fully cold (default 25us).")
    Args.Duration refill;

    @Option(
            names = "--cold-after",
            paramLabel = "DURATION",
            description = "Time away after which the cache is fully cold (default 20ms).")
    Args.Duration coldAfter;

    @Option(names = "--zero", description = "No costs at all (textbook setting).")
    boolean zero;

    @Override
    public void run() {
        Scheduler s = Subsystems.scheduler(session);
        CostModel c = zero ? CostModel.ZERO : s.config().costs();
        if (switchCost != null || refill != null || coldAfter != null) {
            c = new CostModel(
                    switchCost != null ? switchCost.ns() : c.switchNs(),
                    refill != null ? refill.ns() : c.refillNsPerMiB(),
                    coldAfter != null ? coldAfter.ns() : c.coldAfterNs());
        }
        s.setCosts(c);
        CostModel f = c;
        print(
                new CostView(f.switchNs(), f.refillNsPerMiB(), f.coldAfterNs(), f.describe()),
                () -> "costs: " + f.describe());
    }
}
