package kos.shell.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import kos.insights.autonomy.AutonomyLoop;
import kos.insights.crash.CrashMonitor;
import kos.insights.crash.CrashPredictor;
import kos.insights.eval.EvalRun;
import kos.insights.eval.Scenario;
import kos.mem.PhysicalMemory;
import kos.shell.CommandRunner;
import kos.shell.ScriptRunner;
import kos.shell.Session;
import kos.sim.KosException;
import kos.sim.Simulation;

/**
 * One scenario run in a session of its own (so runs share nothing and can go in parallel): the
 * script runs with the given seed, predictor and autonomy setting, and the crash monitor's record
 * becomes an {@link EvalRun}.
 */
public final class ScenarioRun {
    private ScenarioRun() {}

    /**
     * How a run is set up: the root seed, the predictor by name, autonomy on or off and the alarm
     * threshold; {@code factory} (may be null) makes the predictor instead of the name (a fold's model);
     * when {@code cancelled} (may be null) turns true the run stops within about 50 ms.
     */
    public record Setup(
            long seed,
            String predictor,
            boolean actionsOn,
            double threshold,
            Supplier<CrashPredictor> factory,
            BooleanSupplier cancelled) {
        public static Setup of(long seed, String predictor, boolean actionsOn, double threshold) {
            return new Setup(seed, predictor, actionsOn, threshold, null, null);
        }

        public Setup withFactory(Supplier<CrashPredictor> f) {
            return new Setup(seed, predictor, actionsOn, threshold, f, cancelled);
        }

        public Setup cancelledBy(BooleanSupplier c) {
            return new Setup(seed, predictor, actionsOn, threshold, factory, c);
        }
    }

    /**
     * Runs a scenario script. Its {@code # cause: WORKLOAD} line names the workload whose start is
     * the crash's honest bound (see {@link EvalRun#causeStartNs()}).
     *
     * @param onMonitor called with the run's session and monitor as soon as memory exists (to record
     *     predictions without adding events to the run), may be null
     */
    public static EvalRun run(Scenario scenario, Setup setup, BiConsumer<Session, CrashMonitor> onMonitor) {
        Path file = scenario.path();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            Outcome o = run(scenario.name(), file.toString(), in, setup, onMonitor);
            EvalRun r = o.run();
            String cause = Scenario.header(file, "cause");
            return new EvalRun(
                    r.scenario(),
                    scenario.family(),
                    r.seed(),
                    r.predictor(),
                    r.actionsOn(),
                    r.crashed(),
                    r.crashCause(),
                    r.crashNs(),
                    r.firstAlarmNs(),
                    r.creditedAlarmNs(),
                    r.leadNs(),
                    r.alarmNs(),
                    r.durationNs(),
                    cause == null ? -1 : o.workloadStartNs().applyAsLong(cause),
                    r.actions(),
                    r.calibration(),
                    r.error());
        } catch (IOException e) {
            throw new KosException("cannot read scenario " + file + ": " + e.getMessage());
        }
    }

    /** A finished run: its record, the digest of its simulation, and when each named memory workload first started (-1: never). */
    public record Outcome(EvalRun run, long digest, ToLongFunction<String> workloadStartNs) {}

    /**
     * Runs a scenario given as script text.
     *
     * @param name  the scenario's name in the result
     * @param place the script's name in error messages
     */
    public static Outcome run(
            String name, String place, BufferedReader script, Setup setup, BiConsumer<Session, CrashMonitor> onMonitor)
            throws IOException {
        StringWriter err = new StringWriter();
        Session s = new Session(new PrintWriter(Writer.nullWriter()), new PrintWriter(err));
        CommandRunner runner = new CommandRunner(s);
        CrashWiring w = CrashWiring.of(s);
        w.predictor(setup.predictor());
        w.autonomy(setup.actionsOn());
        w.threshold(setup.threshold());
        w.predictorFactory(setup.factory());
        s.seed(setup.seed());
        if (onMonitor != null) {
            s.sim().onInstall(CrashMonitor.class, m -> onMonitor.accept(s, m));
        }
        int code;
        // Ctrl-C of the caller reaches this private session by a watcher, so nothing is scheduled in the simulation
        BooleanSupplier cancelled = setup.cancelled();
        Thread watcher = cancelled == null
                ? null
                : Thread.ofVirtual().start(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            if (cancelled.getAsBoolean()) {
                                s.interrupt();
                            }
                            Thread.sleep(50);
                        }
                    } catch (InterruptedException done) {
                        // the run ended
                    }
                });
        try {
            code = new ScriptRunner(runner).run(place, script, false);
        } finally {
            if (watcher != null) {
                watcher.interrupt();
            }
        }
        if (cancelled != null && cancelled.getAsBoolean()) {
            throw new KosException("interrupted");
        }
        if (code != CommandRunner.OK) {
            String first = err.toString().lines().findFirst().orElse("exit code " + code);
            throw new KosException("scenario " + place + " failed (seed " + setup.seed() + "): " + first);
        }
        Simulation sim = s.sim();
        CrashMonitor m = sim.find(CrashMonitor.class)
                .orElseThrow(() -> new KosException(
                        "scenario " + place + " creates no memory ('mem init'), so there is nothing to predict"));
        m.settle();
        AutonomyLoop loop = sim.require(AutonomyLoop.class, "no autonomy loop");
        PhysicalMemory mem = sim.require(PhysicalMemory.class, "no memory");
        return new Outcome(
                new EvalRun(
                        name,
                        name,
                        setup.seed(),
                        setup.predictor(),
                        setup.actionsOn(),
                        m.crashNs() >= 0,
                        m.crashCause(),
                        m.crashNs(),
                        m.firstAlarmNs(),
                        m.creditedAlarmNs(),
                        m.leadNs(),
                        m.alarmNs(),
                        sim.now(),
                        -1,
                        loop.actionCounts(),
                        m.calibration(),
                        null),
                sim.trace().digest(),
                mem::workloadStartNs);
    }
}
