package kos.shell.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import kos.insights.autonomy.AutonomyLoop;
import kos.insights.crash.CrashMonitor;
import kos.insights.crash.CrashPredictor;
import kos.insights.crash.Predictors;
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
            return withCause(scenario, o.run(), o.workloadStartNs());
        } catch (IOException e) {
            throw new KosException("cannot read scenario " + file + ": " + e.getMessage());
        }
    }

    /** The run's record with the scenario's family and its cause's start ({@code # cause:}). */
    private static EvalRun withCause(Scenario scenario, EvalRun r, ToLongFunction<String> workloadStartNs) {
        String cause = Scenario.header(scenario.path(), "cause");
        return r.withCause(scenario.family(), cause == null ? -1 : workloadStartNs.applyAsLong(cause));
    }

    /**
     * The first words of the script commands {@link #runObserving} accepts: they set up and run a
     * simulation and never look at which predictor watches it (a script that sets a threshold, a
     * feature gate or a predictor is run once per predictor instead).
     */
    private static final List<String> OBSERVABLE_COMMANDS =
            List.of("mem init", "workload start", "workload stop", "sim run", "memctl oom-policy");

    /** Whether every command of the script is one of {@link #OBSERVABLE_COMMANDS} (comments and blank lines aside). */
    static boolean observable(Path script) {
        try (java.util.stream.Stream<String> lines = Files.lines(script)) {
            return lines.map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .allMatch(l -> OBSERVABLE_COMMANDS.stream().anyMatch(c -> l.equals(c) || l.startsWith(c + " ")));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new KosException("cannot read scenario " + script + ": " + e.getMessage());
        }
    }

    /**
     * Every predictor's actions-off run of a scenario on one simulation: the first setup's predictor
     * is the session's monitor, the others watch beside it ({@link CrashMonitor#observe}). With
     * actions off (and the autonomy loop therefore off) a monitor only reads the memory, so each
     * record is the one a separate run with that setup gives (checked by
     * {@code ScenarioRunTest}); the simulation's cost is paid once instead of once per predictor.
     * Setups must share the seed and threshold and have actions off; scripts that are not
     * {@link #observable} are run once per setup.
     *
     * @return the records in the setups' order
     */
    public static List<EvalRun> runObserving(Scenario scenario, List<Setup> setups) {
        Setup first = setups.getFirst();
        for (Setup s : setups) {
            if (s.actionsOn() || s.seed() != first.seed() || s.threshold() != first.threshold()) {
                throw new IllegalArgumentException("observing runs share the seed and threshold, with actions off");
            }
        }
        if (setups.size() == 1 || !observable(scenario.path())) {
            return setups.stream().map(s -> run(scenario, s, null)).toList();
        }
        List<CrashMonitor> observers = new java.util.ArrayList<>();
        BiConsumer<Session, CrashMonitor> attach = (session, main) -> {
            Simulation sim = session.sim();
            PhysicalMemory mem = sim.require(PhysicalMemory.class, "no memory");
            CrashMonitor.Config config = CrashWiring.of(session).monitorConfig();
            for (Setup s : setups.subList(1, setups.size())) {
                CrashPredictor p = s.factory() != null ? s.factory().get() : Predictors.create(s.predictor());
                observers.add(CrashMonitor.observe(sim, mem, p, config));
            }
        };
        Path file = scenario.path();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            Outcome o = run(scenario.name(), file.toString(), in, first, attach);
            List<EvalRun> out = new java.util.ArrayList<>(setups.size());
            out.add(withCause(scenario, o.run(), o.workloadStartNs()));
            for (int i = 0; i < observers.size(); i++) {
                CrashMonitor m = observers.get(i);
                m.settle();
                Setup s = setups.get(i + 1);
                out.add(withCause(scenario, record(scenario.name(), s, o.run(), m), o.workloadStartNs()));
            }
            return out;
        } catch (IOException e) {
            throw new KosException("cannot read scenario " + file + ": " + e.getMessage());
        }
    }

    /**
     * Whether the actions-on run of {@code off}'s scenario, seed and predictor is {@code off} itself:
     * when its predictor never reached the alarm threshold ({@code firstAlarmNs < 0}) on a script
     * that cannot tell predictors apart ({@link #observable}). The autonomy loop acts only on a
     * prediction at or above the threshold ({@link kos.insights.autonomy.AutonomyLoop}); below it, a
     * decision reads the monitor and keeps its own records, and changes nothing in the simulation, so
     * the actions-on run would be the same simulation with the same predictions ({@code
     * ScenarioRunTest} runs them and compares).
     */
    public static boolean sameWithActions(Scenario scenario, EvalRun off) {
        return off.error() == null && !off.actionsOn() && off.firstAlarmNs() < 0 && observable(scenario.path());
    }

    /** An observer's record: the run's shared facts (its end, the autonomy loop's counts) with the monitor's own. */
    private static EvalRun record(String name, Setup setup, EvalRun run, CrashMonitor m) {
        return monitored(name, setup, m, run.durationNs(), run.actions());
    }

    /** A run's record from its crash monitor, the run's end and the autonomy loop's action counts. */
    private static EvalRun monitored(
            String name, Setup setup, CrashMonitor m, long durationNs, java.util.Map<String, Integer> actions) {
        return new EvalRun(
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
                durationNs,
                -1,
                actions,
                m.calibration(),
                null);
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
        BooleanSupplier cancelled = setup.cancelled();
        try (CancelWatcher watcher = CancelWatcher.start(cancelled, s::interrupt)) {
            code = new ScriptRunner(runner).run(place, script, false);
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
                monitored(name, setup, m, sim.now(), loop.actionCounts()),
                sim.trace().digest(),
                mem::workloadStartNs);
    }
}
