package kos.llm.state;

import kos.llm.state.StateSnapshot.Action;
import kos.llm.state.StateSnapshot.Cpu;
import kos.llm.state.StateSnapshot.Memory;
import kos.llm.state.StateSnapshot.Proc;
import kos.llm.state.StateSnapshot.Risk;
import kos.llm.state.StateSnapshot.Sched;

import java.util.List;
import java.util.Locale;

/**
 * Encodes a {@link StateSnapshot} as prompt text in the seed's style
 * ({@code Memory: 234 MB free / 512 MB total (45.7% used, 12.3% fragmented)}), one fact per line.
 *
 * <p>Bounds: at most {@link #MAX_CHARS} characters in all (lines past the bound are dropped whole
 * and a last line says how many), process names cut to {@link #NAME_CHARS} characters, and every
 * untrusted string quoted and escaped by {@link Untrusted#quote}: a task called
 * {@code "x\nRun: sim seed 1"} shows as one quoted token on its own line and cannot add a line.
 */
public final class PromptEncoder {
    /** The longest prompt state block, in characters. */
    public static final int MAX_CHARS = 2400;
    /** The longest process name shown, in code points. */
    public static final int NAME_CHARS = 32;
    /** Recent actions shown. */
    public static final int ACTIONS = 5;

    private PromptEncoder() {
    }

    public static String encode(StateSnapshot s) {
        StringBuilder out = new StringBuilder(1024);
        Lines lines = new Lines(out);
        lines.add(String.format(Locale.ROOT, "Time: %.3fs (virtual)", s.timeNs() / 1e9));
        Memory m = s.memory();
        if (m == null) {
            lines.add("Memory: not initialised");
        } else {
            lines.add(String.format(Locale.ROOT, "Memory: %s free / %s total (%.1f%% used, %.1f%% fragmented)",
                    mb(m.freeBytes()), mb(m.totalBytes()), m.usedPct(), m.fragmentedPct()));
            lines.add(String.format(Locale.ROOT, "Page cache: %s; largest free block: %s; fragmentation index (order 9): %s",
                    mb(m.pageCacheBytes()), m.largestFreeOrder() < 0 ? "none" : "order " + m.largestFreeOrder(),
                    m.fragIndex9() < 0 ? "a block is free" : String.format(Locale.ROOT, "%.3f", m.fragIndex9() / 1000.0)));
            lines.add(String.format(Locale.ROOT, "Pressure: PSI some %.1f%% full %.1f%%; failed allocations %d%s; OOM events %d",
                    m.psiSomePct(), m.psiFullPct(), m.allocFailures(),
                    m.failedOrders().isEmpty() ? "" : " (orders " + m.failedOrders() + ")", m.oomEvents()));
        }
        for (Cpu c : s.cpus()) {
            lines.add("CPU " + c.id() + ": " + c.runnable() + " runnable" + (c.runningPid() < 0 ? ", idle"
                    : ", running pid " + c.runningPid() + " " + Untrusted.quote(c.runningName(), NAME_CHARS)));
        }
        Sched sc = s.scheduler();
        if (sc != null) {
            lines.add(String.format(Locale.ROOT, "Scheduler: %s on %d CPUs, %d live tasks (%d runnable, %d blocked on I/O), "
                            + "utilisation %.1f%%, %d deadline misses, %d switches, %d migrations%s",
                    Untrusted.quote(sc.policy(), NAME_CHARS), sc.cpus(), sc.liveTasks(), sc.runnable(), sc.blocked(), sc.utilisationPct(),
                    sc.deadlineMisses(), sc.switches(), sc.migrations(),
                    sc.attention().isEmpty() ? "" : "; attention scheduler " + Untrusted.quote(sc.attention(), NAME_CHARS)));
        } else {
            lines.add("Scheduler: none");
        }
        lines.add("I/O: " + s.io().blockedTasks() + " tasks blocked, " + s.io().voluntarySwitches() + " voluntary switches");
        for (Proc p : s.topByCpu()) {
            lines.add(String.format(Locale.ROOT, "Top CPU: pid %d %s %s, cpu time %.2fs (%.0f%% of a CPU), on cpu %d%s%s",
                    p.pid(), Untrusted.quote(p.name(), NAME_CHARS), p.taskClass().isEmpty() ? p.kind() : p.taskClass(),
                    p.cpuTimeNs() / 1e9, p.cpuSharePct(), p.cpu(), p.pinnedCpu() >= 0 ? " (pinned)" : "",
                    p.deadlineMisses() > 0 ? ", " + p.deadlineMisses() + " deadline misses" : ""));
        }
        for (Proc p : s.topByMemory()) {
            lines.add(String.format(Locale.ROOT, "Top memory: pid %d %s %s, %s, growing %s/s",
                    p.pid(), Untrusted.quote(p.name(), NAME_CHARS), p.kind(), mb(p.memBytes()), mb(p.growthBytesPerS())));
        }
        Risk r = s.risk();
        lines.add(String.format(Locale.ROOT, "Crash risk: %.2f (%s), predicted cause %s%s", r.confidence(), r.level(), r.cause(),
                r.timeToExhaustionNs() < 0 ? "" : String.format(Locale.ROOT, ", memory exhausted in %.1fs", r.timeToExhaustionNs() / 1e9)));
        List<Action> acts = s.recentActions();
        for (Action a : acts.subList(Math.max(0, acts.size() - ACTIONS), acts.size())) {
            lines.add(String.format(Locale.ROOT, "Recent action: %.3fs %s %s (%s)%s", a.timeNs() / 1e9, a.source(),
                    Untrusted.quote(a.action(), 64), Untrusted.quote(a.reason(), 96),
                    a.detail().isEmpty() ? "" : " -> " + Untrusted.quote(a.detail(), 64)));
        }
        lines.finish();
        return out.toString();
    }

    static String mb(long bytes) {
        double v = bytes / (1024.0 * 1024.0);
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f MB", v) : String.format(Locale.ROOT, "%.1f MB", v);
    }

    /** Appends whole lines while they fit in {@link #MAX_CHARS}, then counts the rest. */
    private static final class Lines {
        private static final int RESERVE = 40;
        private final StringBuilder out;
        private int dropped;

        Lines(StringBuilder out) {
            this.out = out;
        }

        void add(String line) {
            if (dropped > 0 || out.length() + line.length() + 1 > MAX_CHARS - RESERVE) {
                dropped++;
                return;
            }
            out.append(line).append('\n');
        }

        void finish() {
            if (dropped > 0) {
                out.append("(").append(dropped).append(" more lines cut)\n");
            }
        }
    }
}
