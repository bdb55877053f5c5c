package kos.shell.app;

import kos.insights.autonomy.AutonomyLoop;
import kos.insights.crash.CrashMonitor;
import kos.insights.eval.EvalRun;
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

/**
 * One scenario run in a session of its own (so runs share nothing and can go in parallel): the
 * script runs with the given seed, predictor and autonomy setting, and the crash monitor's record
 * becomes an {@link EvalRun}.
 */
public final class ScenarioRun {
    private ScenarioRun() {
    }

    public static String name(Path scenario) {
        String f = scenario.getFileName().toString();
        return f.endsWith(".kos") ? f.substring(0, f.length() - 4) : f;
    }

    /**
     * @param onMonitor called with the monitor as soon as memory exists (to record predictions), may be null
     */
    public static EvalRun run(Path scenario, long seed, String predictor, boolean actionsOn, double threshold, Consumer<CrashMonitor> onMonitor) {
        return run(scenario, seed, predictor, actionsOn, threshold, onMonitor, null);
    }

    /** As above; when {@code cancelled} (may be null) turns true the run stops within about 50 ms (its result is then partial). */
    public static EvalRun run(Path scenario, long seed, String predictor, boolean actionsOn, double threshold, Consumer<CrashMonitor> onMonitor,
                              BooleanSupplier cancelled) {
        try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(scenario)) {
            return runWatched(name(scenario), scenario.toString(), in, seed, predictor, actionsOn, threshold, watch(onMonitor),
                    cancelled).run();
        } catch (java.io.IOException e) {
            throw new KosException("cannot read scenario " + scenario + ": " + e.getMessage());
        }
    }

    /** A finished run: its record and the digest of its simulation. */
    public record Outcome(EvalRun run, long digest) {
    }

    /**
     * Runs a scenario given as script text.
     *
     * @param name  the scenario's name in the result
     * @param place the script's name in error messages
     */
    public static Outcome run(String name, String place, java.io.BufferedReader script, long seed, String predictor,
                              boolean actionsOn, double threshold, Consumer<CrashMonitor> onMonitor) throws java.io.IOException {
        return runWatched(name, place, script, seed, predictor, actionsOn, threshold, watch(onMonitor), null);
    }

    /**
     * Runs a scenario given as script text, telling {@code onMonitor} of the run's session and
     * monitor as soon as memory exists (to sample the run without adding events to it).
     */
    public static Outcome runWatched(String name, String place, java.io.BufferedReader script, long seed, String predictor,
                                     boolean actionsOn, double threshold, BiConsumer<Session, CrashMonitor> onMonitor)
            throws java.io.IOException {
        return runWatched(name, place, script, seed, predictor, actionsOn, threshold, onMonitor, null);
    }

    private static BiConsumer<Session, CrashMonitor> watch(Consumer<CrashMonitor> onMonitor) {
        return onMonitor == null ? null : (session, m) -> onMonitor.accept(m);
    }

    private static Outcome runWatched(String name, String place, java.io.BufferedReader script, long seed, String predictor,
                                      boolean actionsOn, double threshold, BiConsumer<Session, CrashMonitor> onMonitor,
                                      BooleanSupplier cancelled)
            throws java.io.IOException {
        StringWriter err = new StringWriter();
        Session s = new Session(new PrintWriter(Writer.nullWriter()), new PrintWriter(err));
        CommandRunner runner = new CommandRunner(s);
        CrashWiring w = CrashWiring.of(s);
        w.predictor(predictor);
        w.autonomy(actionsOn);
        w.threshold(threshold);
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
        return new Outcome(new EvalRun(name, seed, predictor, actionsOn, m.crashNs() >= 0, m.crashCause(), m.crashNs(),
                m.firstAlarmNs(), m.leadNs(), m.alarmNs(), sim.now(), loop.actionCounts(), m.calibration()), sim.trace().digest());
    }
}
