package kos.sched;

import kos.sim.KosException;
import kos.sim.Quantities;

/**
 * What dispatching a different task costs, charged as CPU time during which nothing useful runs.
 *
 * <p>Direct cost: {@code switchNs} per dispatch of a task other than the one that last ran on that
 * CPU. Indirect cost: refilling the cache, {@code refillNsPerMiB} per MiB of the task's working set
 * times its coldness, where coldness is 1 if the task last ran on another CPU (a migration loses
 * all warmth) or never ran, and otherwise grows linearly with the time since it last ran on this
 * CPU, reaching 1 after {@code coldAfterNs} (other tasks have evicted it by then). Re-dispatching
 * the same task on the same CPU costs nothing.
 *
 * <p>Simplified: warmth does not depend on what ran in between, only on time away; the penalty is
 * paid up front rather than as a slower start (OSTEP's model runs a warm task faster instead).
 */
public record CostModel(long switchNs, long refillNsPerMiB, long coldAfterNs) {
    /** 1.5 us direct, 25 us per MiB of refill, fully cold after 20 ms away. */
    public static final CostModel DEFAULT = new CostModel(1_500, 25_000, 20 * Quantities.NS_PER_MS);
    /** No costs at all: the textbook examples and the queueing-theory checks. */
    public static final CostModel ZERO = new CostModel(0, 0, 1);

    public CostModel {
        if (switchNs < 0 || refillNsPerMiB < 0 || coldAfterNs <= 0) {
            throw new KosException("switch and refill costs must not be negative, and cold-after must be positive");
        }
    }

    /** The refill penalty for a task with this working set, away from this CPU for {@code awayNs} (-1: cold). */
    public long refillNs(long workingSetBytes, long awayNs) {
        if (workingSetBytes == 0 || refillNsPerMiB == 0) {
            return 0;
        }
        double coldness = awayNs < 0 ? 1.0 : Math.min(1.0, (double) awayNs / coldAfterNs);
        return Math.round(refillNsPerMiB * (workingSetBytes / (double) Quantities.MIB) * coldness);
    }

    public String describe() {
        return "switch " + Quantities.formatDuration(switchNs) + ", refill " + Quantities.formatDuration(refillNsPerMiB)
                + "/MiB, cold after " + Quantities.formatDuration(coldAfterNs);
    }
}
