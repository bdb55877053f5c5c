package kos.insights.prefetch;

import java.util.Arrays;
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
        AccessPattern.Stream s = stream(pattern, seed);
        long[] a = new long[3];
        for (int i = 0; i < accesses; i++) {
            s.next(a);
            cache.access((int) a[0], a[1], a[2]);
        }
        return cache.stats();
    }

    private static AccessPattern.Stream stream(AccessPattern pattern, long seed) {
        return pattern.stream(ACCESS_STREAM.random(seed), TASKS);
    }

    /**
     * The best expected next-page accuracy of any predictor on the pointer-chase run of {@code seed}
     * that knows how the generator works (each task walks a uniformly random cycle over
     * {@link AccessPattern#CHASE_NODES} pages from page 0) but not this run's cycles: a transition
     * seen before in the task's stream is predicted right; a new one is a uniform draw among the
     * pages the walk has not reached yet (the last step of the first walk, back to page 0, is
     * certain), so the best guess is right with probability one over their number.
     */
    public static double chaseBound(long seed, int accesses) {
        AccessPattern.Stream s = stream(AccessPattern.POINTER_CHASE, seed);
        int n = AccessPattern.CHASE_NODES;
        int[][] succ = new int[TASKS][n];
        boolean[][] reached = new boolean[TASKS][n];
        int[] reachedCount = new int[TASKS], prev = new int[TASKS];
        for (int[] row : succ) {
            Arrays.fill(row, -1);
        }
        long[] a = new long[3];
        double expected = 0;
        for (int i = 0; i < accesses; i++) {
            s.next(a);
            int t = (int) a[0], page = (int) a[2];
            if (succ[t][prev[t]] == page) {
                expected += 1;
            } else {
                int open = n - 1 - reachedCount[t];
                expected += open <= 0 ? 1 : 1.0 / open;
                succ[t][prev[t]] = page;
            }
            if (page != 0 && !reached[t][page]) {
                reached[t][page] = true;
                reachedCount[t]++;
            }
            prev[t] = page;
        }
        return expected / accesses;
    }
}
