package kos.llm.backend;

import kos.llm.state.StateSnapshot;
import kos.llm.state.StateSnapshot.Cpu;
import kos.llm.state.StateSnapshot.Memory;
import kos.llm.state.StateSnapshot.Proc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What is going on in a snapshot, read by fixed rules an operator would apply (the same numbers the
 * prompt shows), each with a strength in [0, 1]. The embedded backend uses the strongest one to
 * resolve vague requests ("fix it") and as a small bonus for intents that fit it.
 */
public enum Situation {
    LEAK("kill-leak"), FRAGMENTATION("compact"), CACHE("reclaim"), CPU_OVERLOAD("rebalance"), RT_OVERRUN("realtime"),
    IDLE("crash-risk");

    /** A leak grows at least this fast (bytes per virtual second, footprint over age). */
    public static final long LEAK_RATE = 512L << 10;
    /** ... and owns at least this much. */
    public static final long LEAK_MIN = 4L << 20;

    private final String fixIntent;

    Situation(String fixIntent) {
        this.fixIntent = fixIntent;
    }

    /** The playbook intent that fixes it. */
    public String fixIntent() {
        return fixIntent;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** One situation and how strongly the snapshot shows it. */
    public record Seen(Situation situation, double strength) {
    }

    /** The situations present, strongest first (ties in declaration order); {@link #IDLE} alone when none. */
    public static List<Seen> detect(StateSnapshot s) {
        List<Seen> out = new ArrayList<>();
        String cause = s.risk().cause();
        boolean alarm = s.risk().confidence() >= 0.5;
        if (leaker(s) != null) {
            out.add(new Seen(LEAK, alarm && cause.equals("lack_of_memory") ? 1.0 : 0.8));
        }
        Memory m = s.memory();
        if (m != null && m.largestFreeOrder() < 9 && m.freeBytes() >= (4L << 20)) {
            boolean failedHigh = m.failedOrders().stream().anyMatch(o -> o >= 4);
            out.add(new Seen(FRAGMENTATION, alarm && cause.equals("fragmentation") ? 0.95 : failedHigh ? 0.85 : 0.5));
        }
        if (m != null && (m.pageCacheBytes() * 100 >= m.totalBytes() * 30 || alarm && cause.equals("page_cache_pressure"))) {
            out.add(new Seen(CACHE, alarm && cause.equals("page_cache_pressure") ? 0.95 : 0.7));
        }
        if (busiest(s) != null && pinnedOnBusiest(s) != null) {
            out.add(new Seen(CPU_OVERLOAD, 0.75));
        }
        if (s.scheduler() != null && s.scheduler().deadlineMisses() > 0) {
            out.add(new Seen(RT_OVERRUN, 0.75));
        }
        if (out.isEmpty()) {
            out.add(new Seen(IDLE, 1.0));
        }
        out.sort(Comparator.comparingDouble(Seen::strength).reversed());
        return out;
    }

    /**
     * The task growing fastest (footprint over age), if it grows like a leak; else null. Ties: larger
     * footprint, then lower pid. Only tasks count: they are what an operator can kill ({@code task kill});
     * memory workloads started with {@code workload start} are not tasks.
     */
    public static Proc leaker(StateSnapshot s) {
        Proc best = null;
        for (Proc p : s.topByMemory()) {
            if (p.growthBytesPerS() >= LEAK_RATE && p.memBytes() >= LEAK_MIN && p.kind().equals("task")
                    && (best == null || p.growthBytesPerS() > best.growthBytesPerS()
                    || p.growthBytesPerS() == best.growthBytesPerS() && p.memBytes() > best.memBytes())) {
                best = p;
            }
        }
        return best;
    }

    /** The CPU with the most runnable tasks when it has at least 2 more than the least loaded; else null. */
    public static Cpu busiest(StateSnapshot s) {
        if (s.cpus().size() < 2) {
            return null;
        }
        Cpu max = s.cpus().getFirst(), min = s.cpus().getFirst();
        for (Cpu c : s.cpus()) {
            if (c.runnable() > max.runnable()) {
                max = c;
            }
            if (c.runnable() < min.runnable()) {
                min = c;
            }
        }
        return max.runnable() - min.runnable() >= 2 ? max : null;
    }

    /** The least loaded CPU (lowest id on ties). */
    public static Cpu idlest(StateSnapshot s) {
        Cpu min = null;
        for (Cpu c : s.cpus()) {
            if (min == null || c.runnable() < min.runnable()) {
                min = c;
            }
        }
        return min;
    }

    /** The task pinned to the busiest CPU with the most CPU time, or null. */
    public static Proc pinnedOnBusiest(StateSnapshot s) {
        Cpu busy = busiest(s);
        if (busy == null) {
            return null;
        }
        for (Proc p : s.topByCpu()) { // most CPU time first
            if (p.pinnedCpu() == busy.id()) {
                return p;
            }
        }
        return null;
    }
}
