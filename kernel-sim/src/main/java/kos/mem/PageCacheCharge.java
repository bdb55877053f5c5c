package kos.mem;

import java.util.HashMap;
import java.util.Map;
import kos.sim.Simulation;

/**
 * Charges a {@link PageCache}'s resident pages to the buddy allocator: each page that becomes
 * resident (a demand miss or a prefetch) is an order-0 {@link Mobility#RECLAIMABLE} allocation of
 * the process {@code page-cache}, with the stall that allocation costs (direct reclaim) charged as
 * usual; a hit moves it to the young end of the allocator's LRU; the cache's own LRU eviction frees
 * it; and when reclaim (kswapd, direct or manual) evicts it, the page leaves the cache. A page whose
 * allocation fails is not resident. So file pages compete with anonymous memory, and reclaim's
 * choices show up as page-cache misses.
 */
public final class PageCacheCharge implements PageCache.Residency {
    private final Simulation sim;
    private final PhysicalMemory mem;
    private final PageCache cache;
    private final Map<Long, Long> handleOf = new HashMap<>();
    private final Map<Long, Long> keyOf = new HashMap<>();
    private long pid = -1;
    private long chargeFailures;

    private PageCacheCharge(Simulation sim, PhysicalMemory mem, PageCache cache) {
        this.sim = sim;
        this.mem = mem;
        this.cache = cache;
    }

    /** Charges {@code cache} to {@code mem} from now on (idempotent per simulation). */
    public static PageCacheCharge attach(Simulation sim, PhysicalMemory mem, PageCache cache) {
        return sim.find(PageCacheCharge.class).orElseGet(() -> {
            PageCacheCharge c = new PageCacheCharge(sim, mem, cache);
            sim.install(PageCacheCharge.class, c);
            cache.residency(c);
            return c;
        });
    }

    private long owner() {
        if (pid < 0 || !sim.processes().isAlive(pid)) {
            pid = sim.processes().spawn("page-cache", "kernel", (s, p, killed, reason) -> dropAll());
            long owner = pid;
            mem.addEvictionListener(owner, (handle, age) -> reclaimed(handle));
        }
        return pid;
    }

    @Override
    public void inserted(long key) {
        long h = mem.allocate(0, Mobility.RECLAIMABLE, owner());
        if (h < 0) {
            chargeFailures++;
            cache.drop(key);
            return;
        }
        handleOf.put(key, h);
        keyOf.put(h, key);
    }

    @Override
    public void hit(long key) {
        Long h = handleOf.get(key);
        if (h != null) {
            mem.zone().touch(h);
        }
    }

    @Override
    public void evicted(long key) {
        Long h = handleOf.remove(key);
        if (h != null) {
            keyOf.remove(h);
            mem.free(h);
        }
    }

    private void reclaimed(long handle) {
        Long key = keyOf.remove(handle);
        if (key != null) {
            handleOf.remove(key);
            cache.drop(key);
        }
    }

    /** The owner was killed (its memory is freed by the exit handler): nothing stays resident. */
    private void dropAll() {
        for (long key : handleOf.keySet().stream().sorted().toList()) {
            cache.drop(key);
        }
        handleOf.clear();
        keyOf.clear();
    }

    /** Pages charged now. */
    public long chargedPages() {
        return handleOf.size();
    }

    /** Pages that could not be charged (their allocation failed), so were not kept. */
    public long chargeFailures() {
        return chargeFailures;
    }
}
