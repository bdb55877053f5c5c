package kos.insights.prefetch;

import kos.mem.AccessPattern;
import kos.mem.PageCache;
import kos.mem.Prefetcher;
import kos.sim.SeedStream;

/**
 * One evaluation run of a prefetcher: {@link #TASKS} tasks issue {@link #ACCESSES} accesses of a
 * pattern through a {@link PageCache} of {@link #CAPACITY} pages. The access sequence depends only
 * on (pattern, seed), so every prefetcher sees exactly the same accesses.
 */
public final class PrefetchRuns {
    public static final int TASKS = 5, ACCESSES = 100_000, CAPACITY = 1024;

    /** The access streams' seed: {@code seed ^ golden ratio} (kept: the documented prefetch results use it). */
    static final SeedStream ACCESS_STREAM = SeedStream.xor("prefetch.access", 0x9e3779b97f4a7c15L);

    private PrefetchRuns() {}

    public static PageCache.Stats run(AccessPattern pattern, long seed, Prefetcher prefetcher) {
        return run(pattern, seed, prefetcher, ACCESSES);
    }

    public static PageCache.Stats run(AccessPattern pattern, long seed, Prefetcher prefetcher, int accesses) {
        PageCache cache = new PageCache(CAPACITY);
        cache.prefetcher(prefetcher);
        AccessPattern.Stream s = pattern.stream(ACCESS_STREAM.random(seed), TASKS);
        long[] a = new long[3];
        for (int i = 0; i < accesses; i++) {
            s.next(a);
            cache.access((int) a[0], a[1], a[2]);
        }
        return cache.stats();
    }
}
