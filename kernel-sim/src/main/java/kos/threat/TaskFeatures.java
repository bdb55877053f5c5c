package kos.threat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kos.mem.BuddyAllocator;

/**
 * Per-task behavioural features, from {@link TaskCounters} only (what schedstat, /proc, perf and
 * page_owner would show), over the last {@link #WINDOW_NS} (or the task's life if shorter). Call
 * {@link #observe} every 100 ms of simulated time; it returns one row per live task.
 */
public final class TaskFeatures {
    public static final long WINDOW_NS = 500_000_000L;
    /** The long window of the session-8 features: an intensity over 2 s is steadier than over 500 ms. */
    public static final long LONG_WINDOW_NS = 2_000_000_000L;

    public static final List<String> NAMES = List.of(
            "cpu_share",
            "charged_share",
            "charge_ratio",
            "wakeups_per_s",
            "mean_burst_ms",
            "sleep_before_tick_share",
            "forks_per_s",
            "fork_failures_per_s",
            "descendants",
            "depth",
            "unmovable_alloc_per_s",
            "unmovable_free_per_s",
            "movable_alloc_mib_per_s",
            "movable_free_mib_per_s",
            "held_mib",
            "growth_mib_per_s",
            "pinned_pageblocks",
            "llc_mib_per_cpu_ms",
            "llc_miss_ratio",
            "llc_miss_mib_per_s",
            "share_vs_weight",
            "age_s",
            "nice",
            "uncharged_share",
            "same_comm_lineage",
            "growth_streak_s",
            "llc_occupancy_share",
            "llc_miss_mib_per_cpu_ms",
            "pinned_per_unmovable_page",
            "tick_evasion",
            "uncharged_share_2s",
            "tick_evasion_2s",
            "family_uncharged_share",
            "lineage",
            "net_growth_streak_s",
            "held_growth_2s_mib",
            "llc_occupancy_avg_share");

    /** One task's features at one observation. */
    public record Row(ThreatTask task, long timeNs, double[] x) {}

    private record Snap(long timeNs, TaskCounters c) {}

    private final Map<Integer, List<Snap>> history = new HashMap<>();
    /** Per task: since when its memory has grown at every observation without a page freed. */
    private final Map<Integer, Long> growingSince = new HashMap<>();
    /** Per task: since when its memory held has risen (net) at every observation, frees or not. */
    private final Map<Integer, Long> risingSince = new HashMap<>();

    public List<Row> observe(ThreatMachine m) {
        long now = m.now();
        List<ThreatTask> tasks = m.tasks();
        int[] pinned = m.zone().pageblocksPinnedByOwner();
        int[] descendants = new int[tasks.size() + 1];
        long runnableWeight = 0;
        for (ThreatTask t : m.live()) {
            if (t.runnable) {
                runnableWeight += t.weight;
            }
            for (ThreatTask y = m.task(t.ppid); y != null; y = m.task(y.ppid)) {
                descendants[y.pid]++;
            }
        }
        int[] lineage = lineage(m, tasks.size());
        List<Row> rows = new ArrayList<>();
        history.keySet().removeIf(pid -> !m.task(pid).alive);
        growingSince.keySet().removeIf(pid -> !m.task(pid).alive);
        risingSince.keySet().removeIf(pid -> !m.task(pid).alive);
        int[] anyLineage = anyLineage(m, tasks.size());
        double[] familyUncharged = new double[tasks.size() + 1];
        for (ThreatTask t : m.live()) {
            List<Snap> h = history.computeIfAbsent(t.pid, k -> new ArrayList<>());
            Snap base = null, longBase = null;
            for (Snap s : h) {
                if (longBase == null && s.timeNs >= now - LONG_WINDOW_NS) {
                    longBase = s;
                }
                if (s.timeNs >= now - WINDOW_NS) {
                    base = s;
                    break;
                }
            }
            TaskCounters z = new TaskCounters();
            long since = base != null ? base.timeNs : t.bornNs;
            TaskCounters b = base != null ? base.c : z;
            double win = Math.max(ThreatMachine.SLOT_NS, now - since) / 1e9; // seconds
            TaskCounters c = t.c;
            double[] x = new double[NAMES.size()];
            double run = (c.runtimeNs - b.runtimeNs) / 1e9, charged = (c.chargedNs - b.chargedNs) / 1e9;
            x[0] = run / win;
            x[1] = charged / win;
            x[2] = charged / (run + 0.001);
            x[3] = (c.wakeups - b.wakeups) / win;
            x[4] = 1e3 * run / Math.max(1, c.bursts - b.bursts);
            x[5] = (double) (c.sleepsBeforeTick - b.sleepsBeforeTick) / Math.max(1, c.sleeps - b.sleeps);
            x[6] = (c.forks - b.forks) / win;
            x[7] = (c.forkFailures - b.forkFailures) / win;
            x[8] = descendants[t.pid];
            x[9] = t.depth;
            x[10] = (c.allocUnmovable - b.allocUnmovable) / win;
            x[11] = (c.freeUnmovable - b.freeUnmovable) / win;
            x[12] = mib(c.allocMovable - b.allocMovable) / win;
            x[13] = mib(c.freeMovable - b.freeMovable) / win;
            x[14] = mib(c.pagesHeld);
            x[15] = mib(c.pagesHeld - b.pagesHeld) / win;
            x[16] = t.pid < pinned.length ? pinned[t.pid] : 0;
            double access = c.llcAccessMiB - b.llcAccessMiB;
            x[17] = access / (run * 1e3 + 0.001);
            x[18] = (c.llcMissMiB - b.llcMissMiB) / Math.max(1e-9, access);
            x[19] = (c.llcMissMiB - b.llcMissMiB) / win;
            double fair = Math.min(1, ThreatMachine.CPUS * (double) t.weight / Math.max(t.weight, runnableWeight));
            x[20] = x[0] / fair;
            x[21] = (now - t.bornNs) / 1e9;
            x[22] = t.nice;
            // Speed- and size-invariant signatures of the attack classes (what makes each hostile, not how fast
            // the training instance did it): CPU run unseen by the tick, generations of a self-copying tree,
            // how long memory has grown without a page freed, the share of the LLC held, misses per ms run, and
            // pageblocks pinned per unmovable page held (a driver packs its buffers, a fragmenter spreads them).
            x[23] = Math.max(0, run - charged) / win;
            x[24] = lineage[t.pid];
            Snap last = h.isEmpty() ? null : h.get(h.size() - 1);
            long lastHeld = last != null ? last.c.pagesHeld : 0;
            long lastFreed = last != null ? last.c.freeMovable + last.c.freeUnmovable : 0;
            long sinceNs = last != null ? last.timeNs : t.bornNs;
            if (c.pagesHeld > lastHeld && c.freeMovable + c.freeUnmovable == lastFreed) {
                growingSince.putIfAbsent(t.pid, sinceNs);
            } else {
                growingSince.remove(t.pid);
            }
            Long g = growingSince.get(t.pid);
            x[25] = g == null ? 0 : (now - g) / 1e9;
            x[26] = t.cacheOccMiB / ThreatMachine.LLC_MIB;
            x[27] = (c.llcMissMiB - b.llcMissMiB) / (run * 1e3 + 0.001);
            x[28] = x[16] / Math.max(1, c.allocUnmovable - c.freeUnmovable);
            // The tick-accounting cheat's unavoidable trace, whatever slot it sleeps in: of the ticks in which the
            // task ran, the share whose tick did not find it running (a task running at random phases is caught in
            // proportion to its run; a cheater never)
            long ran = c.ticksRan - b.ticksRan;
            x[29] = ran == 0 ? 0 : 1 - (double) (c.ticksCharged - b.ticksCharged) / ran;
            // Session 8: the same invariants over 2 s (a cheater's intensity and a media player's are steadier there
            // than over 500 ms), the cheat summed over the task's process family (cooperating cheaters each take a
            // little), a name-blind lineage (a bomb's copies may run under any name), and memory that keeps rising
            // although the task frees (a leaky cache) or rises over 2 s although it pauses (a bursty one).
            TaskCounters lb = longBase != null ? longBase.c : z;
            double longWin =
                    Math.max(ThreatMachine.SLOT_NS, now - (longBase != null ? longBase.timeNs : t.bornNs)) / 1e9;
            x[30] = Math.max(0, (c.runtimeNs - lb.runtimeNs) - (c.chargedNs - lb.chargedNs)) / 1e9 / longWin;
            long ranLong = c.ticksRan - lb.ticksRan;
            x[31] = ranLong == 0 ? 0 : 1 - (double) (c.ticksCharged - lb.ticksCharged) / ranLong;
            // signed, so the random-phase misses and hits of busy tasks cancel; per second of the fixed window
            familyUncharged[root(m, t)] += (run - charged) / (WINDOW_NS / 1e9);
            x[33] = anyLineage[t.pid];
            if (c.pagesHeld > lastHeld) {
                risingSince.putIfAbsent(t.pid, sinceNs);
            } else {
                risingSince.remove(t.pid);
            }
            Long rs = risingSince.get(t.pid);
            x[34] = rs == null ? 0 : (now - rs) / 1e9;
            x[35] = mib(c.pagesHeld - lb.pagesHeld);
            // Session 9: the LLC share held on average over the window (a thrasher that pauses still holds most of
            // the cache most of the time; a snapshot catches a backup right after a run as often)
            x[36] = (c.llcOccupancyMiBMs - b.llcOccupancyMiBMs) / (win * 1e3) / ThreatMachine.LLC_MIB;
            rows.add(new Row(t, now, x));
            h.add(new Snap(now, c.copy()));
            while (h.size() > 1 && h.get(0).timeNs < now - LONG_WINDOW_NS) {
                h.remove(0);
            }
        }
        for (Row r : rows) {
            r.x()[32] = Math.max(0, familyUncharged[root(m, r.task())]);
        }
        return rows;
    }

    /** The top-level ancestor of {@code t} (the task itself when it has no parent). */
    private static int root(ThreatMachine m, ThreatTask t) {
        ThreatTask y = t;
        for (ThreatTask p = m.task(y.ppid); p != null; p = m.task(y.ppid)) {
            y = p;
        }
        return y.pid;
    }

    /**
     * Per pid: generations of same-named (same comm) ancestors above the task plus the height of the
     * same-named subtree below it; 0 for a task whose parent and children run other programs (make and
     * its compilers), growing with every generation of a self-copying tree however slowly it forks.
     */
    private static int[] lineage(ThreatMachine m, int n) {
        return lineage(m, n, true);
    }

    /**
     * Per pid: generations of ancestors above the task plus the height of its live subtree, whatever the
     * tasks are called: make and its compilers are at most 1, a tree that copies itself grows with every
     * generation whatever its copies are called.
     */
    private static int[] anyLineage(ThreatMachine m, int n) {
        return lineage(m, n, false);
    }

    private static int[] lineage(ThreatMachine m, int n, boolean sameName) {
        int[] up = new int[n + 1], down = new int[n + 1];
        for (ThreatTask t : m.tasks()) {
            ThreatTask p = m.task(t.ppid);
            up[t.pid] = p != null && (!sameName || p.name.equals(t.name)) ? up[p.pid] + 1 : 0;
        }
        for (ThreatTask t : m.tasks()) {
            if (!t.alive) {
                continue;
            }
            ThreatTask y = t;
            for (int i = 1; i <= up[t.pid]; i++) {
                y = m.task(y.ppid);
                down[y.pid] = Math.max(down[y.pid], i);
            }
        }
        int[] r = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            r[i] = up[i] + down[i];
        }
        return r;
    }

    private static double mib(long pages) {
        return pages * (double) BuddyAllocator.PAGE_SIZE / (1 << 20);
    }
}
