package kos.insights.threat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import kos.insights.autonomy.AuditEntry;
import kos.sim.KosException;
import kos.threat.ThreatMachine;
import kos.threat.ThreatTask;

/**
 * Acts on flagged tasks, the autonomy loop's way: only allowlisted actions ({@code kill}: the task and
 * its descendants; {@code nice}: throttle to nice 19), never on kernel threads or protected names, at
 * most once per task, every decision (and every refusal) written to an audit log in the
 * {@link AuditEntry} format {@code autoctl history} shows.
 */
public final class ThreatResponder {
    public enum Action {
        KILL,
        NICE,
        NONE
    }

    private final Action action;
    private final Set<String> protectedNames;
    private final List<AuditEntry> audit = new ArrayList<>();
    private int benignHit, benignKilled;

    public ThreatResponder(Action action, Set<String> protectedNames) {
        this.action = action;
        this.protectedNames = Set.copyOf(protectedNames);
    }

    public static Action parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "kill" -> Action.KILL;
            case "nice" -> Action.NICE;
            case "none", "observe" -> Action.NONE;
            default -> throw new KosException("unknown action '" + s + "': expected kill, nice or none");
        };
    }

    /** Handles one flagged task; returns whether it acted. */
    public boolean respond(ThreatMachine m, ThreatTask t, String detector, double score) {
        String who = t.name() + "[" + t.pid() + "]";
        String why = String.format(Locale.ROOT, "%s score %.3f", detector, score);
        if (t.kthread() || protectedNames.contains(t.name())) {
            audit.add(new AuditEntry(
                    m.now(), "skip", why, who + " is not on the allowlist (kernel thread or protected)"));
            return false;
        }
        switch (action) {
            case NONE -> {
                audit.add(new AuditEntry(m.now(), "observe", why, who + " flagged, no action (observe mode)"));
                return false;
            }
            case NICE -> {
                if (t.nice() >= 19) {
                    return false;
                }
                m.setNice(t, 19);
                audit.add(new AuditEntry(m.now(), "nice", why, who + " throttled to nice 19"));
            }
            case KILL -> {
                int n = m.killTree(t, detector);
                audit.add(new AuditEntry(m.now(), "kill", why, who + " killed with its descendants (" + n + " tasks)"));
            }
        }
        if (!t.hostile()) {
            benignHit++;
            if (action == Action.KILL) {
                benignKilled++;
            }
        }
        return true;
    }

    public List<AuditEntry> audit() {
        return Collections.unmodifiableList(audit);
    }

    /** Benign tasks acted on (a harm). Scoring only: uses the ground truth. */
    public int benignActedOn() {
        return benignHit;
    }
}
