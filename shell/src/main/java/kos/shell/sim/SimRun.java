package kos.shell.sim;

import java.util.function.BooleanSupplier;
import kos.shell.Progress;
import kos.shell.Session;
import kos.shell.app.LiveFeed;
import kos.sim.Quantities;
import kos.sim.RunResult;
import kos.sim.Simulation;
import kos.sim.StopReason;

/** {@code sim run}'s loop: the simulation advanced in steps a progress bar and the live feed can follow. */
final class SimRun {
    private SimRun() {}

    /**
     * Runs for {@code durationNs} in 100 steps so a terminal can show progress; stepping does not
     * change what is simulated (events fire in the same order whatever the step boundaries).
     */
    static RunResult withProgress(Session session, Simulation sim, long durationNs, BooleanSupplier until) {
        if (until != null && until.getAsBoolean()) {
            return new RunResult(StopReason.CONDITION_MET, sim.now(), sim.now(), 0);
        }
        long start = sim.now(), end = Math.addExact(start, durationNs), events = 0;
        long step = Math.max(1, durationNs / 100);
        RunResult r = null;
        LiveFeed feed = LiveFeed.of(session);
        try (Progress progress = new Progress(session, "sim run")) {
            while (r == null || (r.reason() == StopReason.TIME_REACHED && sim.now() < end)) {
                long to = Math.min(end, sim.now() + step);
                r = until == null ? sim.runUntil(to) : sim.runUntil(until, to);
                events += r.events();
                feed.sample(session);
                progress.update(sim.now() - start, durationNs, Quantities.formatDuration(sim.now()));
            }
        }
        return new RunResult(r.reason(), start, sim.now(), events);
    }
}
