package kos.shell.sona;

import java.util.Locale;
import kos.attn.AttentionPolicy;
import kos.sched.Scheduler;
import kos.shell.Session;
import kos.shell.app.AttentionSonaModel;
import kos.shell.app.DecisionRecorder;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.Telemetry;
import kos.sim.TelemetryNames;
import kos.simd.Kernels;
import kos.sona.LoopCoordinator;
import kos.sona.SonaConfig;

/**
 * The session's SONA: the feature gate (off until {@code sona on}), the settings, and while on, the
 * {@link LoopCoordinator} over the active attention scheduler's model with a {@link DecisionRecorder}
 * feeding it. Loop A's wall-clock cost per step goes to the AI dashboard as {@code nn_inference}
 * latency (recorded only, never read back into a decision).
 */
final class SonaShell {
    SonaConfig config = SonaConfig.defaults(AttentionSonaModel.TARGETS, 0);
    private LoopCoordinator lc;
    private Simulation sim;
    private Scheduler scheduler;
    private DecisionRecorder recorder;
    private AttentionPolicy policy;
    private boolean on;

    static SonaShell of(Session session) {
        return session.extension(SonaShell.class, SonaShell::new);
    }

    /** Whether SONA is on for the session's current simulation (a 'sim reset' starts without it). */
    boolean on(Session session) {
        return on && sim != null && session.hasSimulation() && session.sim() == sim;
    }

    /** The coordinator of the current or last run, or null before the first {@code sona on}. */
    LoopCoordinator coordinator() {
        return lc;
    }

    LoopCoordinator requireCoordinator() {
        if (lc == null) {
            throw new KosException("SONA has not run in this session: 'schedctl transformer on', then 'sona on'");
        }
        return lc;
    }

    /** Turns SONA on over the session's active attention scheduler with {@code c}. */
    void enable(Session session, SonaConfig c) {
        Simulation s = session.sim();
        Scheduler sched = Scheduler.of(s);
        if (!(sched.queue(0) instanceof AttentionPolicy p)) {
            throw new KosException("SONA adapts the attention scheduler, and the active policy is "
                    + sched.policy().name()
                    + ": run 'schedctl transformer on' first");
        }
        if (on(session) && policy == p && c.equals(config)) {
            return;
        }
        disable();
        SonaConfig seeded = c.withSeed(SonaConfig.SEED.seed(session.seed()));
        LoopCoordinator coordinator =
                new LoopCoordinator(Kernels.get(), new AttentionSonaModel(p.model()), seeded, 16, DecisionRecorder.EMB);
        Telemetry.Latency latency = s.telemetry().latency(TelemetryNames.NN_INFERENCE);
        DecisionRecorder rec = new DecisionRecorder(sched, 16, (now, rows, n, target, reward, emb) -> {
            long t0 = System.nanoTime();
            coordinator.onDecision(now, rows, n, target, reward, emb);
            latency.record(System.nanoTime() - t0);
        });
        sched.addObserver(rec);
        config = c;
        lc = coordinator;
        sim = s;
        scheduler = sched;
        recorder = rec;
        policy = p;
        on = true;
    }

    /** Detaches SONA (the model is back to its base layers); its counters stay readable. */
    void disable() {
        if (on && scheduler != null) {
            scheduler.removeObserver(recorder);
            lc.detach();
        }
        on = false;
        sim = null;
        scheduler = null;
        recorder = null;
        policy = null;
    }

    String describe() {
        SonaConfig c = config;
        return String.format(
                Locale.ROOT,
                "MicroLoRA rank %d every %d decisions, BaseLoRA rank %d, Loop B every %s, "
                        + "EWC++ lambda %s, %d clusters",
                c.microRank(),
                c.applyEvery(),
                c.baseRank(),
                Quantities.formatDuration(c.loopBPeriodNs()),
                c.lambda() == 0 ? "0 (off)" : Float.toString(c.lambda()),
                c.clusters());
    }
}
