package kos.insights.threat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import kos.insights.autonomy.AuditEntry;
import kos.sim.KosException;
import kos.threat.ThreatMachine;
import kos.threat.ThreatTask;

/**
 * Acts on flagged tasks, the autonomy loop's way: only allowlisted actions ({@code kill}: the task and
 * its descendants; {@code nice}: throttle to nice 19; {@code graduated}: observe at the first flag,
 * throttle at the second, kill at the {@link #KILL_STRIKE}th; kill at once at a score of {@link #KILL_SCORE}), never on kernel threads or protected
 * names, every decision (and every refusal) written to an audit log in the {@link AuditEntry} format
 * {@code autoctl history} shows. {@code kill} and {@code nice} act once per task.
 */
public final class ThreatResponder {
    public enum Action {
        KILL,
        KILL_FIRST,
        NICE,
        GRADUATED,
        NONE
    }

    private final Action action;
    private final Set<String> protectedNames;
    /** Kill: consecutive flags a flag under {@link #KILL_SCORE} needs before the kill (1: kill at the first). */
    private final int evidence;
    /** Kill: a task younger than this is killed only by a flag of at least {@link #KILL_SCORE}. */
    private final long minAgeNs;
    /**
     * Kill (the default action): consecutive flags (one per 100 ms observation) a flag scoring under
     * {@link #KILL_SCORE} needs before the task is killed; a confident flag kills at once.
     */
    public static final int KILL_EVIDENCE = 2;
    /** Graduated: the flag (one per 100 ms observation) at which the task is killed; the one before throttles. */
    public static final int KILL_STRIKE = 3;
    /**
     * Graduated: a score this confident kills at the flag that reaches it, without the steps. Chosen on
     * validation seeds 5-8 (neither trained nor evaluated on): no benign task of the training scenarios
     * there scored over 0.42 with kos's MLP, while 21 of 24 attacks scored over 0.97 at their first flag.
     */
    public static final double KILL_SCORE = 0.9;

    private final List<AuditEntry> audit = new ArrayList<>();
    private final Map<Integer, Integer> strikes = new HashMap<>(), run = new HashMap<>();
    private final Map<Integer, Long> lastFlagNs = new HashMap<>();
    private final Set<Integer> benignHit = new HashSet<>(), benignKilled = new HashSet<>(), killed = new HashSet<>();

    public ThreatResponder(Action action, Set<String> protectedNames) {
        this(action, protectedNames, KILL_EVIDENCE, 0);
    }

    /** With another minimum-evidence rule for {@code kill} (for choosing it on validation seeds). */
    ThreatResponder(Action action, Set<String> protectedNames, int evidence, long minAgeNs) {
        if (evidence < 1 || minAgeNs < 0) {
            throw new IllegalArgumentException("evidence >= 1 and minAgeNs >= 0 expected");
        }
        this.action = action;
        this.protectedNames = Set.copyOf(protectedNames);
        this.evidence = evidence;
        this.minAgeNs = minAgeNs;
    }

    public static Action parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "kill" -> Action.KILL;
            case "kill-first" -> Action.KILL_FIRST;
            case "nice" -> Action.NICE;
            case "graduated" -> Action.GRADUATED;
            case "none", "observe" -> Action.NONE;
            default ->
                throw new KosException(
                        "unknown action '" + s + "': expected kill, kill-first, nice, graduated or none");
        };
    }

    /** Handles one flag of a task (called at every observation that flags it); returns whether it acted. */
    public boolean respond(ThreatMachine m, ThreatTask t, String detector, double score) {
        int strike = strikes.merge(t.pid(), 1, Integer::sum);
        Long prev = lastFlagNs.put(t.pid(), m.now());
        // flags at consecutive observations extend the run; a gap starts it again
        int consecutive = prev != null && m.now() - prev <= ThreatRunner.OBSERVE_NS ? run.get(t.pid()) + 1 : 1;
        run.put(t.pid(), consecutive);
        String who = t.name() + "[" + t.pid() + "]";
        String why = String.format(Locale.ROOT, "%s score %.3f", detector, score);
        if (t.kthread() || protectedNames.contains(t.name())) {
            if (strike == 1) {
                audit.add(new AuditEntry(
                        m.now(), "skip", why, who + " is not on the allowlist (kernel thread or protected)"));
            }
            return false;
        }
        boolean kill;
        switch (action) {
            case NONE -> {
                if (strike == 1) {
                    audit.add(new AuditEntry(m.now(), "observe", why, who + " flagged, no action (observe mode)"));
                }
                return false;
            }
            case NICE -> {
                if (strike > 1 || t.nice() >= 19) {
                    return false;
                }
                kill = false;
            }
            case KILL_FIRST -> {
                if (strike > 1) {
                    return false;
                }
                kill = true;
            }
            case KILL -> {
                if (killed.contains(t.pid())) {
                    return false;
                }
                boolean confident = score >= KILL_SCORE;
                boolean old = m.now() - t.bornNs() >= minAgeNs;
                if (!confident && (consecutive < evidence || !old)) {
                    if (strike == 1) {
                        audit.add(new AuditEntry(
                                m.now(),
                                "observe",
                                why,
                                who + " flagged, watched (a kill needs a second consecutive flag or a score of 0.9)"));
                    }
                    return false;
                }
                kill = true;
            }
            case GRADUATED -> {
                if (score >= KILL_SCORE && !killed.contains(t.pid())) {
                    kill = true;
                    break;
                }
                if (strike == 1) {
                    audit.add(new AuditEntry(m.now(), "observe", why, who + " flagged once, watched"));
                    return false;
                }
                if (strike > KILL_STRIKE || (strike < KILL_STRIKE && t.nice() >= 19)) {
                    return false;
                }
                kill = strike == KILL_STRIKE;
            }
            default -> throw new IllegalStateException();
        }
        if (kill) {
            killed.add(t.pid());
            int n = m.killTree(t, detector);
            audit.add(new AuditEntry(m.now(), "kill", why, who + " killed with its descendants (" + n + " tasks)"));
        } else {
            m.setNice(t, 19);
            audit.add(new AuditEntry(m.now(), "nice", why, who + " throttled to nice 19"));
        }
        if (!t.hostile()) {
            benignHit.add(t.pid());
            if (kill) {
                benignKilled.add(t.pid());
            }
        }
        return true;
    }

    public List<AuditEntry> audit() {
        return Collections.unmodifiableList(audit);
    }

    /** Benign tasks acted on (a harm). Scoring only: uses the ground truth. */
    public int benignActedOn() {
        return benignHit.size();
    }

    /** Benign tasks killed (the worse harm). Scoring only: uses the ground truth. */
    public int benignKilled() {
        return benignKilled.size();
    }
}
