package kos.shell.app;

import kos.insights.autonomy.AutonomyLoop;
import kos.insights.crash.CrashMonitor;
import kos.insights.crash.CrashPredictor;
import kos.insights.crash.Predictors;
import kos.mem.PhysicalMemory;
import kos.shell.Session;
import kos.sim.KosException;
import kos.sim.Simulation;

import java.util.function.Supplier;

/**
 * The session's crash-prediction and autonomy settings, and the wiring that applies them: whenever
 * a simulation of the session gets memory, a {@link CrashMonitor} with the chosen predictor and an
 * {@link AutonomyLoop} (enabled or not) are attached to it. Settings outlive {@code sim reset}.
 */
public final class CrashWiring {
    private String predictor = "kos";
    private CrashMonitor.Config monitorConfig = CrashMonitor.Config.DEFAULT;
    private AutonomyLoop.Config loopConfig = AutonomyLoop.Config.DEFAULT;
    private boolean autonomy;
    private Settings atStart;

    /** The settings a simulation is wired with. */
    public record Settings(String predictor, CrashMonitor.Config monitorConfig, AutonomyLoop.Config loopConfig,
                           boolean autonomy) {
    }
    /** Makes the predictor instead of {@link Predictors#create} (an evaluation's fold-specific model), or null. */
    private Supplier<CrashPredictor> predictorFactory;

    /**
     * The wiring of a session. The shell installs it when the session is created, so every
     * simulation's memory is watched from its first sample.
     */
    public static CrashWiring of(Session session) {
        return session.extension(CrashWiring.class, () -> {
            CrashWiring w = new CrashWiring();
            session.onNewSimulation(sim -> {
                w.atStart = w.settings();
                sim.onInstall(PhysicalMemory.class, mem -> {
                    w.attach(sim, mem);
                    FeatureGates.of(session).apply(session);
                });
            });
            return w;
        });
    }

    private void attach(Simulation sim, PhysicalMemory mem) {
        CrashMonitor monitor = CrashMonitor.install(sim, mem,
                predictorFactory != null ? predictorFactory.get() : Predictors.create(predictor), monitorConfig);
        AutonomyLoop.install(sim, mem, monitor, loopConfig).enabled(autonomy);
    }

    /** The monitor of the session's current simulation, creating the default memory if there is none yet. */
    public static CrashMonitor monitor(Session session) {
        of(session);
        Simulation sim = session.sim();
        if (sim.find(PhysicalMemory.class).isEmpty()) {
            throw new KosException("no memory to watch: create it first with 'mem init [SIZE]'");
        }
        return sim.require(CrashMonitor.class, "the crash predictor is not attached (internal wiring error)");
    }

    public static AutonomyLoop loop(Session session) {
        monitor(session);
        return session.sim().require(AutonomyLoop.class, "the autonomy loop is not attached (internal wiring error)");
    }

    public Settings settings() {
        return new Settings(predictor, monitorConfig, loopConfig, autonomy);
    }

    /** The settings as they were when the session's current simulation was created. */
    public Settings atStart() {
        return atStart != null ? atStart : settings();
    }

    /** Takes over {@code s} (for a replay of another session's simulation). */
    public void copyFrom(Settings s) {
        predictor = s.predictor();
        monitorConfig = s.monitorConfig();
        loopConfig = s.loopConfig();
        autonomy = s.autonomy();
    }

    public String predictor() {
        return predictor;
    }

    public void predictor(String name) {
        Predictors.create(name);
        predictor = name;
    }

    /** Overrides how the predictor is made (for evaluation folds); null restores {@link Predictors#create}. */
    public void predictorFactory(Supplier<CrashPredictor> f) {
        predictorFactory = f;
    }

    public CrashMonitor.Config monitorConfig() {
        return monitorConfig;
    }

    public void monitorConfig(CrashMonitor.Config c) {
        monitorConfig = c;
    }

    public void threshold(double t) {
        monitorConfig = monitorConfig.withThreshold(t);
    }

    public AutonomyLoop.Config loopConfig() {
        return loopConfig;
    }

    public void loopConfig(AutonomyLoop.Config c) {
        loopConfig = c;
    }

    public boolean autonomy() {
        return autonomy;
    }

    public void autonomy(boolean on) {
        autonomy = on;
    }
}
