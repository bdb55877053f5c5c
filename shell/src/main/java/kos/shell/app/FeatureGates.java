package kos.shell.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kos.insights.autonomy.AutonomyLoop;
import kos.insights.crash.CrashMonitor;
import kos.shell.Session;
import kos.sim.KosException;

/**
 * The feature gates of the original kernel, switchable at run time: {@code ai-ops} (the AI
 * operations: crash monitor, autonomy loop, attention scheduler) and {@code llm} (language-model
 * capabilities: state inference), and one gate per subsystem under them. A subsystem runs only
 * while its own gate and its parent's are both on. Gates are session settings: they outlive
 * {@code sim reset} and apply to every simulation the session creates.
 */
public final class FeatureGates {
    /** A gate: its name, parent (null for a root) and what it switches. */
    public record Gate(String name, String parent, String description) {}

    public static final String AI_OPS = "ai-ops",
            LLM = "llm",
            CRASH_MONITOR = "crash-monitor",
            AUTONOMY = "autonomy",
            ATTENTION = "attention",
            THREAT = "threat",
            DEVICE = "device";

    public static final List<Gate> GATES = List.of(
            new Gate(AI_OPS, null, "AI operations: crash monitor, autonomy loop, attention scheduler"),
            new Gate(CRASH_MONITOR, AI_OPS, "the OOM crash predictor's sampling and alarms"),
            new Gate(AUTONOMY, AI_OPS, "the autonomy loop's actions (compaction, reclaim, kills)"),
            new Gate(ATTENTION, AI_OPS, "the attention scheduler (off: its CPUs go back to the previous policy)"),
            new Gate(THREAT, AI_OPS, "the hostile-task detector's runs and actions (threatctl run)"),
            new Gate(DEVICE, AI_OPS, "the device-failure predictor's migrations (devctl status)"),
            new Gate(LLM, null, "language-model capabilities: llmctl state inference"));

    private final Map<String, Boolean> own = new LinkedHashMap<>();

    private FeatureGates() {
        GATES.forEach(g -> own.put(g.name(), true));
    }

    /** The session's gates, all on until switched. */
    public static FeatureGates of(Session session) {
        return session.extension(FeatureGates.class, FeatureGates::new);
    }

    /** Whether a gate and its parent are on. */
    public boolean enabled(String gate) {
        Gate g = gate(gate);
        return own.get(g.name()) && (g.parent() == null || own.get(g.parent()));
    }

    /** The gate's own switch (a subsystem can be on under a parent that is off). */
    public boolean switchedOn(String gate) {
        return own.get(gate(gate).name());
    }

    /** Throws a clear error when a command needs a gate that is off. */
    public void require(String gate) {
        if (!enabled(gate)) {
            Gate g = gate(gate);
            String which = own.get(g.name()) ? g.parent() : g.name();
            throw new KosException("the '" + which + "' feature gate is off: 'autoctl gate " + which + " on' first");
        }
    }

    /** Switches a gate and applies the result to the session's current simulation. */
    public void set(Session session, String gate, boolean on) {
        own.put(gate(gate).name(), on);
        apply(session);
    }

    /** Applies the gates to the current simulation's subsystems (the wiring applies them to new ones). */
    public void apply(Session session) {
        if (!session.hasSimulation()) {
            return;
        }
        var sim = session.sim();
        sim.find(CrashMonitor.class).ifPresent(m -> m.enabled(enabled(CRASH_MONITOR)));
        sim.find(AutonomyLoop.class)
                .ifPresent(l ->
                        l.enabled(enabled(AUTONOMY) && CrashWiring.of(session).autonomy()));
        if (!enabled(ATTENTION)) {
            AttentionWiring.switchOff(session);
        }
    }

    static Gate gate(String name) {
        for (Gate g : GATES) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        throw new KosException("no feature gate '" + name + "' (gates: "
                + String.join(", ", GATES.stream().map(Gate::name).toList()) + ")");
    }
}
