package kos.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kos.sim.KosException;

/**
 * OSTEP's cache-affinity model (the multi-CPU chapter's simulator), an alternative to the refill
 * cost of {@link CostModel}: each CPU has a cache of {@code cacheBytes}; a task dispatched on a CPU
 * whose cache does not hold its working set loads it there (evicting the least recently dispatched
 * tasks until it fits) and is cold for its first {@code warmupNs} of running on that CPU, after
 * which it is warm and makes progress {@code warmRate} times faster, for as long as it stays cached
 * there (while it is away too). A task whose working set exceeds the cache is always cold.
 * CPU time counts time on a CPU; work counts progress.
 */
public final class WarmCache {
    private final long cacheBytes, warmupNs;
    private final double warmRate;
    private final List<List<Task>> lru = new ArrayList<>();
    private final long[] used;
    private long[][] warmLeft; // [cpu][task index]; -1 = not cached there

    public WarmCache(long cacheBytes, long warmupNs, double warmRate, int cpus) {
        if (cacheBytes <= 0 || warmupNs < 0 || !(warmRate >= 1)) {
            throw new KosException("cache size must be positive, warmup not negative and warm rate at least 1");
        }
        this.cacheBytes = cacheBytes;
        this.warmupNs = warmupNs;
        this.warmRate = warmRate;
        this.used = new long[cpus];
        this.warmLeft = new long[cpus][0];
        for (int c = 0; c < cpus; c++) {
            lru.add(new ArrayList<>());
        }
    }

    public String describe() {
        return "ostep cache " + cacheBytes + " B per CPU, warm after " + kos.sim.Quantities.formatDuration(warmupNs)
                + ", warm rate " + warmRate + "x";
    }

    private long left(int c, Task t) {
        long[] w = warmLeft[c];
        return t.index < w.length ? w[t.index] : -1;
    }

    private void set(int c, Task t, long v) {
        if (t.index >= warmLeft[c].length) {
            int old = warmLeft[c].length;
            warmLeft[c] = Arrays.copyOf(warmLeft[c], Math.max(t.index + 1, old * 2 + 4));
            Arrays.fill(warmLeft[c], old, warmLeft[c].length, -1);
        }
        warmLeft[c][t.index] = v;
    }

    /** Called at dispatch: makes {@code t} resident on {@code c} (most recently used). */
    void dispatched(int c, Task t) {
        long ws = t.spec.workingSetBytes();
        List<Task> l = lru.get(c);
        if (left(c, t) >= 0) {
            l.remove(t);
            l.add(t);
            return;
        }
        if (ws > cacheBytes) {
            return;
        }
        while (used[c] + ws > cacheBytes && !l.isEmpty()) {
            Task victim = l.remove(0);
            used[c] -= victim.spec.workingSetBytes();
            set(c, victim, -1);
        }
        l.add(t);
        used[c] += ws;
        set(c, t, warmupNs);
    }

    /** Wall time on {@code c} to make {@code work} of progress from now. */
    long timeFor(int c, Task t, long work) {
        long wl = left(c, t);
        if (wl < 0 || work <= wl) {
            return work;
        }
        return wl + (long) Math.ceil((work - wl) / warmRate);
    }

    /** Progress made by running {@code ranNs} on {@code c} (capped at {@code remaining}); advances warm-up. */
    long progress(int c, Task t, long ranNs, long remaining) {
        long wl = left(c, t);
        if (wl < 0) {
            return Math.min(ranNs, remaining);
        }
        if (ranNs >= timeFor(c, t, remaining)) {
            set(c, t, Math.max(0, wl - ranNs));
            return remaining;
        }
        long cold = Math.min(ranNs, wl);
        set(c, t, wl - cold);
        return Math.min(remaining, cold + (long) Math.floor((ranNs - cold) * warmRate));
    }
}
