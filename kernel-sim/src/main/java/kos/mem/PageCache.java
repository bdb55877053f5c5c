package kos.mem;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import kos.sim.Simulation;

/**
 * The page cache of file-backed pages: {@code capacity} pages under LRU replacement, filled by
 * demand misses and by a {@link Prefetcher}'s read-ahead. A prefetched page is marked until its
 * first demand access (a used prefetch) or its eviction (a wasted one), so hit rate, prefetch
 * accuracy and waste are counted exactly.
 *
 * <p>A page is named by (file, index): {@code key = file << 32 | index}, index below 2^32. On its
 * own the cache models only residency; in a simulation with memory, {@link PageCacheCharge} charges
 * every resident page to the {@link BuddyAllocator} as a reclaimable page, so the cache competes
 * for memory and reclaim evicts it (see {@link #residency}).
 */
public final class PageCache {
    public static final int DEFAULT_CAPACITY = 1024;

    /** Told when a prefetched page is first used or is evicted unused. */
    public interface PrefetchListener {
        void onPrefetchOutcome(long key, boolean used);
    }

    /** Told when a page becomes resident, is hit, or leaves (LRU eviction or {@link #drop}); see {@link PageCacheCharge}. */
    public interface Residency {
        /** A page became resident; it may call {@link #drop} on it (or on others) to refuse it. */
        void inserted(long key);

        void hit(long key);

        /** The cache evicted a page by its own LRU (not by {@link #drop}). */
        void evicted(long key);
    }

    /** Counters since creation or {@link #resetStats()}. */
    public record Stats(
            String prefetcher,
            int capacity,
            int resident,
            long accesses,
            long hits,
            long prefetchIssued,
            long prefetchUsed,
            long prefetchWasted,
            long predictions,
            long predictedRight) {
        public double hitRate() {
            return accesses == 0 ? 0 : (double) hits / accesses;
        }

        /** Used prefetches over those issued that have an outcome (used or evicted). */
        public double prefetchAccuracy() {
            long decided = prefetchUsed + prefetchWasted;
            return decided == 0 ? 0 : (double) prefetchUsed / decided;
        }

        /** Share of accesses whose page was the prefetcher's first-choice prediction for that stream. */
        public double nextPageAccuracy() {
            return accesses == 0 ? 0 : (double) predictedRight / accesses;
        }
    }

    private final int capacity;
    /** key -> true while the page was prefetched and not yet used. Access order: eldest = LRU. */
    private final LinkedHashMap<Long, Boolean> pages;

    private Prefetcher prefetcher = Prefetcher.NONE;
    private Residency residency;
    /** LRU evictions not yet told to {@link #residency} (told after the map operation that caused them). */
    private final ArrayDeque<Long> pendingEvictions = new ArrayDeque<>();

    private PrefetchListener listener;
    private long accesses, hits, issued, used, wasted, predictions, predictedRight;
    /** The first-choice prediction per stream (task), or -1. */
    private final Map<Integer, Long> predicted = new java.util.TreeMap<>();

    public PageCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.pages = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                if (size() <= PageCache.this.capacity) {
                    return false;
                }
                if (eldest.getValue()) {
                    wasted++;
                    if (listener != null) {
                        listener.onPrefetchOutcome(eldest.getKey(), false);
                    }
                }
                if (residency != null) {
                    pendingEvictions.add(eldest.getKey());
                }
                return true;
            }
        };
    }

    /**
     * The simulation's page cache, creating one of {@link #DEFAULT_CAPACITY} pages on first use,
     * charged to the simulation's memory ({@link PageCacheCharge}) once it has some.
     */
    public static PageCache of(Simulation sim) {
        return sim.find(PageCache.class).orElseGet(() -> {
            PageCache c = new PageCache(DEFAULT_CAPACITY);
            sim.install(PageCache.class, c);
            sim.onInstall(PhysicalMemory.class, m -> PageCacheCharge.attach(sim, m, c));
            return c;
        });
    }

    public static long key(long file, long index) {
        return file << 32 | (index & 0xffff_ffffL);
    }

    public static long fileOf(long key) {
        return key >>> 32;
    }

    public static long indexOf(long key) {
        return key & 0xffff_ffffL;
    }

    public int capacity() {
        return capacity;
    }

    public Prefetcher prefetcher() {
        return prefetcher;
    }

    /**
     * Replaces the prefetcher and resets the counters, so {@link #stats()} describes one
     * prefetcher. The cached pages stay; pages the old one prefetched count as demand pages now.
     */
    public void prefetcher(Prefetcher p) {
        this.prefetcher = p;
        this.listener = p instanceof PrefetchListener l ? l : null;
        predicted.clear();
        pages.replaceAll((k, v) -> Boolean.FALSE);
        resetStats();
    }

    /**
     * A demand access by stream {@code task} to page {@code index} of {@code file}: counts a hit or
     * a miss (and fills the page), then lets the prefetcher act.
     *
     * @return true on a hit
     */
    public boolean access(int task, long file, long index) {
        long key = key(file, index);
        accesses++;
        Long guess = predicted.get(task);
        if (guess != null) {
            predictions++;
            if (guess == key) {
                predictedRight++;
            }
        }
        Boolean flag = pages.get(key);
        boolean hit = flag != null;
        if (hit) {
            hits++;
            if (residency != null) {
                residency.hit(key);
            }
            if (flag) {
                used++;
                pages.put(key, Boolean.FALSE);
                if (listener != null) {
                    listener.onPrefetchOutcome(key, true);
                }
            }
        } else {
            pages.put(key, Boolean.FALSE);
            resident(key);
        }
        long next = prefetcher.onAccess(this, task, file, index, hit);
        if (next >= 0) {
            predicted.put(task, key(file, next));
        } else {
            predicted.remove(task);
        }
        return hit;
    }

    /** Reads page {@code index} of {@code file} ahead of use, unless it is resident. Returns whether it was read. */
    public boolean prefetch(long file, long index) {
        if (index < 0 || index > 0xffff_ffffL) {
            return false;
        }
        long key = key(file, index);
        if (pages.containsKey(key)) {
            return false;
        }
        issued++;
        pages.put(key, Boolean.TRUE);
        resident(key);
        return true;
    }

    private void resident(long key) {
        if (residency == null) {
            return;
        }
        while (!pendingEvictions.isEmpty()) {
            residency.evicted(pendingEvictions.poll());
        }
        residency.inserted(key);
    }

    /**
     * Removes a page because its memory was taken (reclaim) or could not be had; a prefetched page
     * not yet used counts as wasted. The {@link #residency} is not told. Returns whether it was resident.
     */
    public boolean drop(long key) {
        Boolean flag = pages.remove(key);
        if (flag == null) {
            return false;
        }
        if (flag) {
            wasted++;
            if (listener != null) {
                listener.onPrefetchOutcome(key, false);
            }
        }
        return true;
    }

    /** Sets the one listener told of residency changes (null: none). */
    public void residency(Residency r) {
        this.residency = r;
        pendingEvictions.clear();
    }

    /** Pages resident now. */
    public int resident() {
        return pages.size();
    }

    /** Whether the page is resident (does not count as an access or change the LRU order). */
    public boolean contains(long file, long index) {
        return pages.containsKey(key(file, index));
    }

    public Stats stats() {
        return new Stats(
                prefetcher.name(),
                capacity,
                pages.size(),
                accesses,
                hits,
                issued,
                used,
                wasted,
                predictions,
                predictedRight);
    }

    public void resetStats() {
        accesses = hits = issued = used = wasted = predictions = predictedRight = 0;
    }
}
