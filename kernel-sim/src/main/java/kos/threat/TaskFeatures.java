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
            "nice");

    /** One task's features at one observation. */
    public record Row(ThreatTask task, long timeNs, double[] x) {}

    private record Snap(long timeNs, TaskCounters c) {}

    private final Map<Integer, List<Snap>> history = new HashMap<>();

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
        List<Row> rows = new ArrayList<>();
        history.keySet().removeIf(pid -> !m.task(pid).alive);
        for (ThreatTask t : m.live()) {
            List<Snap> h = history.computeIfAbsent(t.pid, k -> new ArrayList<>());
            Snap base = null;
            for (Snap s : h) {
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
            rows.add(new Row(t, now, x));
            h.add(new Snap(now, c.copy()));
            while (h.size() > 1 && h.get(0).timeNs < now - WINDOW_NS) {
                h.remove(0);
            }
        }
        return rows;
    }

    private static double mib(long pages) {
        return pages * (double) BuddyAllocator.PAGE_SIZE / (1 << 20);
    }
}
