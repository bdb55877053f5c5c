package kos.shell;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import kos.insights.dashboard.AiMetrics;
import kos.sim.KosException;
import kos.sim.Simulation;

/**
 * The state one REPL, script or single command works on: the seed, the simulation built from it,
 * and where output goes. Commands receive it through their constructor.
 *
 * <p>The simulation is created lazily from the current seed, and anew after {@code sim seed} or
 * {@code sim reset}; {@link #onNewSimulation} hooks let the shell wire components (telemetry
 * sinks, default subsystems) into every new simulation in a fixed order.
 */
public final class Session {
    /** The root seed when none is given. */
    public static final long DEFAULT_SEED = 42;
    /** Trace records kept for reading back. */
    public static final int TRACE_CAPACITY = 8192;

    private final PrintWriter out;
    private final PrintWriter err;
    private ObjectMapper json; // built on first use: Jackson's set-up is a large share of start-up
    private final List<Consumer<Simulation>> assemblers = new ArrayList<>();
    private final AiMetrics dashboard = new AiMetrics();
    private final Map<Class<?>, Object> extensions = new LinkedHashMap<>();
    private final List<List<String>> history = new ArrayList<>();
    private long seed = DEFAULT_SEED;
    private Simulation sim;
    private volatile boolean interrupted;
    private boolean exitRequested;
    private boolean jsonOutput;

    public Session(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** Standard output: program output only (tables, JSON). */
    public PrintWriter out() {
        return out;
    }

    /** Standard error: errors, warnings and progress. */
    public PrintWriter err() {
        return err;
    }

    public ObjectMapper json() {
        if (json == null) {
            json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        }
        return json;
    }

    public long seed() {
        return seed;
    }

    /** Sets the root seed and discards the current simulation. */
    public void seed(long newSeed) {
        seed = newSeed;
        sim = null;
    }

    /** Discards the current simulation; the next use builds a fresh one from the same seed. */
    public void reset() {
        sim = null;
    }

    /** Whether a simulation exists (without creating one). */
    public boolean hasSimulation() {
        return sim != null;
    }

    /** The current simulation, created from the seed on first use. */
    public Simulation sim() {
        if (sim == null) {
            history.clear();
            sim = new Simulation(seed, dashboard, TRACE_CAPACITY);
            for (Consumer<Simulation> a : assemblers) {
                a.accept(sim);
            }
        }
        return sim;
    }

    /**
     * The AI metrics dashboard: the telemetry sink of every simulation of this session, kept across
     * {@code sim reset} so latencies accumulate over a whole session.
     */
    public AiMetrics dashboard() {
        return dashboard;
    }

    /**
     * Session-wide state of a command group (settings that outlive {@code sim reset}), created on
     * first use.
     */
    public <T> T extension(Class<T> type, Supplier<T> create) {
        return type.cast(extensions.computeIfAbsent(type, t -> create.get()));
    }

    /**
     * Notes a command that succeeded while the current simulation existed, so the simulation can be
     * replayed (the shadow baseline of the dashboard replays it with another scheduler).
     */
    void recordCommand(List<String> words) {
        if (sim != null) {
            history.add(List.copyOf(words));
        }
    }

    /** The commands that succeeded on the current simulation, oldest first (scripts' lines included). */
    public List<List<String>> history() {
        return Collections.unmodifiableList(history);
    }

    /** Registers wiring to run on every new simulation, in registration order. */
    public void onNewSimulation(Consumer<Simulation> assembler) {
        assemblers.add(assembler);
    }

    /** Ctrl-C: stop the running simulation and any long command at its next check. */
    public void interrupt() {
        interrupted = true;
        Simulation s = sim;
        if (s != null) {
            s.requestStop();
        }
    }

    /** Clears the interrupt flag; the command runner calls it before each command. */
    public void clearInterrupt() {
        interrupted = false;
        if (sim != null) {
            sim.clearStopRequest();
        }
    }

    public boolean isInterrupted() {
        return interrupted;
    }

    /** For long commands: throws if the user pressed Ctrl-C. */
    public void checkInterrupted() {
        if (interrupted) {
            throw new KosException("interrupted");
        }
    }

    /** Whether the running command prints JSON (so long commands draw no progress bar). */
    public boolean jsonOutput() {
        return jsonOutput;
    }

    void jsonOutput(boolean on) {
        jsonOutput = on;
    }

    public void requestExit() {
        exitRequested = true;
    }

    public boolean exitRequested() {
        return exitRequested;
    }
}
