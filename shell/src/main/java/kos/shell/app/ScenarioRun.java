package kos.shell.app;

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

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * One scenario run in a session of its own (so runs share nothing and can go in parallel): the
 * script runs with the given seed, predictor and autonomy setting, and the crash monitor's record
 * becomes an {@link EvalRun}.
 */
public final class ScenarioRun {
    private ScenarioRun() {
    }

    /**
     * Runs a scenario script. Its {@code # cause: WORKLOAD} line names the workload whose start is
     * the crash's honest bound (see {@link EvalRun#causeStartNs()}).
     *
     * @param onMonitor called with the monitor as soon as memory exists (to record predictions), may be null
     */
    public static EvalRun run(Scenario scenario, long seed, String predictor, boolean actionsOn, double threshold,
                              Consumer<CrashMonitor> onMonitor) {
        return run(scenario, seed, predictor, actionsOn, threshold, onMonitor, null, null);
    }

    /**
     * The same with the predictor made by {@code factory} (a fold's model) instead of by name when
     * not null; when {@code cancelled} (may be null) turns true the run stops within about 50 ms.
     */
    public static EvalRun run(Scenario scenario, long seed, String predictor, boolean actionsOn, double threshold,
                              Consumer<CrashMonitor> onMonitor, Supplier<CrashPredictor> factory, BooleanSupplier cancelled) {
        Path file = scenario.path();
        try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(file)) {
            Outcome o = runWatched(scenario.name(), file.toString(), in, seed, predictor, actionsOn, threshold,
                    watch(onMonitor), factory, cancelled);
            EvalRun r = o.run();
            String cause = Scenario.header(file, "cause");
            return new EvalRun(r.scenario(), scenario.family(), r.seed(), r.predictor(), r.actionsOn(), r.crashed(),
                    r.crashCause(), r.crashNs(), r.firstAlarmNs(), r.creditedAlarmNs(), r.leadNs(), r.alarmNs(),
                    r.durationNs(), cause == null ? -1 : o.workloadStartNs().applyAsLong(cause), r.actions(),
                    r.calibration(), r.error());
        } catch (java.io.IOException e) {
            throw new KosException("cannot read scenario " + file + ": " + e.getMessage());
        }
    }

    /** A finished run: its record, the digest of its simulation, and when each named memory workload first started (-1: never). */
    public record Outcome(EvalRun run, long digest, ToLongFunction<String> workloadStartNs) {
    }

    /**
     * Runs a scenario given as script text.
     *
     * @param name  the scenario's name in the result
     * @param place the script's name in error messages
     */
    public static Outcome run(String name, String place, java.io.BufferedReader script, long seed, String predictor,
                              boolean actionsOn, double threshold, Consumer<CrashMonitor> onMonitor) throws java.io.IOException {
        return runWatched(name, place, script, seed, predictor, actionsOn, threshold, watch(onMonitor), null, null);
    }

    /**
     * Runs a scenario given as script text, telling {@code onMonitor} of the run's session and
     * monitor as soon as memory exists (to sample the run without adding events to it).
     */
    public static Outcome runWatched(String name, String place, java.io.BufferedReader script, long seed, String predictor,
                                     boolean actionsOn, double threshold, BiConsumer<Session, CrashMonitor> onMonitor)
            throws java.io.IOException {
        return runWatched(name, place, script, seed, predictor, actionsOn, threshold, onMonitor, null, null);
    }

    private static BiConsumer<Session, CrashMonitor> watch(Consumer<CrashMonitor> onMonitor) {
        return onMonitor == null ? null : (session, m) -> onMonitor.accept(m);
    }

    private static Outcome runWatched(String name, String place, java.io.BufferedReader script, long seed, String predictor,
                                      boolean actionsOn, double threshold, BiConsumer<Session, CrashMonitor> onMonitor,
                                      Supplier<CrashPredictor> factory, BooleanSupplier cancelled)
            throws java.io.IOException {
        StringWriter err = new StringWriter();
        Session s = new Session(new PrintWriter(Writer.nullWriter()), new PrintWriter(err));
        CommandRunner runner = new CommandRunner(s);
        CrashWiring w = CrashWiring.of(s);
        w.predictor(predictor);
        w.autonomy(actionsOn);
        w.threshold(threshold);
        w.predictorFactory(factory);
        s.seed(seed);
        if (onMonitor != null) {
            s.sim().onInstall(CrashMonitor.class, m -> onMonitor.accept(s, m));
        }
        int code;
        // Ctrl-C of the caller reaches this private session by a watcher, so nothing is scheduled in the simulation
        Thread watcher = cancelled == null ? null : Thread.ofVirtual().start(() -> {
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
            throw new KosException("scenario " + place + " failed (seed " + seed + "): " + first);
        }
        Simulation sim = s.sim();
        CrashMonitor m = sim.find(CrashMonitor.class)
                .orElseThrow(() -> new KosException("scenario " + place + " creates no memory ('mem init'), so there is nothing to predict"));
        m.settle();
        AutonomyLoop loop = sim.require(AutonomyLoop.class, "no autonomy loop");
        PhysicalMemory mem = sim.require(PhysicalMemory.class, "no memory");
        return new Outcome(new EvalRun(name, name, seed, predictor, actionsOn, m.crashNs() >= 0, m.crashCause(), m.crashNs(),
                m.firstAlarmNs(), m.creditedAlarmNs(), m.leadNs(), m.alarmNs(), sim.now(), -1, loop.actionCounts(),
                m.calibration(), null), sim.trace().digest(), mem::workloadStartNs);
    }
}
