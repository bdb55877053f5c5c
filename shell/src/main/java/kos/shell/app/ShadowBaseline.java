package kos.shell.app;

import kos.attn.AttentionPolicy;
import kos.sched.SchedMetrics;
import kos.sched.SchedStats;
import kos.sched.Scheduler;
import kos.shell.CommandRunner;
import kos.shell.Session;
import kos.sim.Simulation;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dashboard's baseline for the attention scheduler: a <b>paired replay</b>. The commands that
 * built the session's current simulation are run again in a fresh session on the same seed, with
 * CFS wherever the attention scheduler was chosen, up to the same virtual time; the two schedulers
 * then saw the same arrivals (same seed, same workload commands), so their context-switch overhead
 * and mean turnaround compare like for like.
 *
 * <p>Why a replay and not a shadow scheduler run in lockstep: tasks interact with memory,
 * workloads and the autonomy loop through the one simulation, and a second scheduler inside it
 * would have to fork all of that. A replay is the same code path as any script run and costs one
 * more simulation of the same length, paid only when the dashboard is read and cached until the
 * simulation moves on.
 *
 * <p>Only commands that shape the simulation and touch no files are replayed (see
 * {@link #replayable}); evaluations, training and exports are skipped.
 */
public final class ShadowBaseline {
    /** The policy the attention scheduler is compared against. */
    public static final String BASELINE = "cfs";

    /**
     * One comparison.
     *
     * @param switches           context switches under the baseline and the AI policy
     * @param overheadNs         simulated switch and cache-refill time charged, baseline and AI
     * @param finished           tasks finished by the end of the replayed time, baseline and AI
     * @param meanTurnaroundMs   mean turnaround of the finished tasks, baseline and AI (virtual ms)
     * @param replayedCommands   commands replayed
     * @param wallMs             wall-clock cost of the replay
     */
    public record Comparison(String baseline, long[] switches, long[] overheadNs, int[] finished,
                             double[] meanTurnaroundMs, int replayedCommands, long wallMs) {
    }

    private List<List<String>> cachedFor = List.of();
    private long cachedAt = -1;
    private Comparison cached;

    /** The session's baseline, created on first use. */
    public static ShadowBaseline of(Session session) {
        return session.extension(ShadowBaseline.class, ShadowBaseline::new);
    }

    /**
     * Measures the comparison for the session's current simulation and stores it in the dashboard,
     * or returns empty when the attention scheduler made no decision in it (nothing to compare).
     */
    public Optional<Comparison> measure(Session session) {
        if (!session.hasSimulation() || !usedAttention(session.history())) {
            cached = null;
            return Optional.empty();
        }
        Simulation live = session.sim();
        if (cached != null && cachedAt == live.now() && cachedFor.equals(session.history())) {
            return Optional.of(cached);
        }
        long t0 = System.nanoTime();
        Session shadow = new Session(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()));
        CommandRunner runner = new CommandRunner(shadow);
        shadow.seed(session.seed());
        CrashWiring.of(shadow).copyFrom(CrashWiring.of(session).atStart());
        List<List<String>> plan = plan(session.history());
        for (List<String> cmd : plan) {
            runner.execute(cmd, null);
        }
        int replayed = plan.size();
        Simulation sim = shadow.sim();
        if (sim.now() < live.now()) {
            sim.runUntil(live.now());
        }
        SchedMetrics b = Scheduler.of(sim).metrics(), a = Scheduler.of(live).metrics();
        SchedStats bs = b.stats(), as = a.stats();
        cached = new Comparison(BASELINE, new long[]{bs.switches(), as.switches()},
                new long[]{bs.overheadNs(), as.overheadNs()}, new int[]{b.all().finished(), a.all().finished()},
                new double[]{b.all().turnaroundMs().mean(), a.all().turnaroundMs().mean()}, replayed,
                (System.nanoTime() - t0) / 1_000_000);
        cachedFor = List.copyOf(session.history());
        cachedAt = live.now();
        session.dashboard().comparison(bs.overheadNs(), as.overheadNs(),
                Math.round(b.all().turnaroundMs().mean() * 1e6), Math.round(a.all().turnaroundMs().mean() * 1e6));
        return Optional.of(cached);
    }

    /** The comparison of the last {@link #measure}, if it had one. */
    public Optional<Comparison> last() {
        return Optional.ofNullable(cached);
    }

    static boolean usedAttention(List<List<String>> history) {
        for (List<String> w : history) {
            if (w.size() >= 3 && w.get(0).equals("schedctl")
                    && (w.get(1).equals("transformer") && w.get(2).equals("on")
                    || w.get(1).equals("policy") && w.get(2).equals(AttentionPolicy.NAME))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The command the baseline runs in place of {@code words}, or null to skip it: the attention
     * scheduler becomes CFS (and {@code transformer off} the last other policy chosen), and only
     * replayable commands pass.
     */
    static List<String> baselineOf(List<String> words, String lastPolicy) {
        if (!replayable(words)) {
            return null;
        }
        if (words.size() >= 2 && words.get(0).equals("schedctl") && words.get(1).equals("transformer")) {
            String t = words.size() > 2 ? words.get(2) : "";
            return switch (t) {
                case "on" -> List.of("schedctl", "policy", BASELINE);
                case "off" -> List.of("schedctl", "policy", lastPolicy);
                default -> null;
            };
        }
        if (words.size() >= 3 && words.get(0).equals("schedctl") && words.get(1).equals("policy")
                && words.get(2).equals(AttentionPolicy.NAME)) {
            return List.of("schedctl", "policy", BASELINE);
        }
        return words;
    }

    /** Commands that shape the simulation and touch no file: the simulator's groups, minus evaluations and writers. */
    static boolean replayable(List<String> words) {
        String group = words.get(0), sub = words.size() > 1 ? words.get(1) : "";
        return switch (group) {
            case "sim", "workload", "mem", "memctl", "task", "ps" -> true;
            case "schedctl" -> !sub.equals("eval");
            case "crashctl" -> !sub.equals("eval") && !sub.equals("fit");
            case "autoctl" -> sub.equals("on") || sub.equals("off");
            default -> false;
        };
    }

    /** The commands the baseline replays for a history, in order. */
    static List<List<String>> plan(List<List<String>> history) {
        List<List<String>> out = new ArrayList<>();
        String last = BASELINE;
        for (List<String> w : history) {
            List<String> c = baselineOf(w, last);
            if (w.size() >= 3 && w.get(0).equals("schedctl") && w.get(1).equals("policy")
                    && !w.get(2).equals(AttentionPolicy.NAME)) {
                last = w.get(2);
            }
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }
}
