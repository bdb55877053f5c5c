package kos.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import kos.sim.Quantities;
import kos.sim.Simulation;
import org.junit.jupiter.api.Test;

class PageCacheChargeTest {
    private static final long PAGES_PER_MIB = Quantities.MIB / BuddyAllocator.PAGE_SIZE;

    @Test
    void residentPagesAreChargedAndReclaimEvictsThemFromTheCache() {
        Simulation sim = new Simulation(1);
        PhysicalMemory mem = PhysicalMemory.install(sim, 16 * Quantities.MIB);
        PageCache cache = new PageCache(1 << 20);
        sim.install(PageCache.class, cache);
        PageCacheCharge charge = PageCacheCharge.attach(sim, mem, cache);
        long before = mem.zone().pageCachePages();
        for (int i = 0; i < 1000; i++) {
            assertFalse(cache.access(0, 1, i));
        }
        assertEquals(1000, cache.resident());
        assertEquals(1000, charge.chargedPages());
        assertEquals(before + 1000, mem.zone().pageCachePages());
        assertTrue(cache.access(0, 1, 5), "a resident page hits");

        // more pages than memory: reclaim evicts the oldest, and they leave the cache too
        for (int i = 1000; i < 16 * PAGES_PER_MIB; i++) {
            cache.access(0, 1, i);
        }
        assertEquals(charge.chargedPages(), cache.resident());
        assertTrue(cache.resident() < 16 * PAGES_PER_MIB, "memory bounds the cache: " + cache.resident());
        assertTrue(cache.contains(1, 5), "the touched page is young in the allocator's LRU too");
        assertFalse(cache.contains(1, 6), "an old untouched page was reclaimed");
        long r = mem.reclaimNow(100).freed();
        assertEquals(100, r);
        assertEquals(charge.chargedPages(), cache.resident());
    }

    @Test
    void theCachesOwnLruEvictionFreesTheCharge() {
        Simulation sim = new Simulation(1);
        PhysicalMemory mem = PhysicalMemory.install(sim, 64 * Quantities.MIB);
        PageCache cache = new PageCache(100);
        sim.install(PageCache.class, cache);
        PageCacheCharge charge = PageCacheCharge.attach(sim, mem, cache);
        long free = mem.zone().freePages();
        for (int i = 0; i < 500; i++) {
            cache.access(0, 1, i);
        }
        assertEquals(100, cache.resident());
        assertEquals(100, charge.chargedPages());
        assertEquals(free - 100, mem.zone().freePages());
    }

    @Test
    void theSimulationsPageCacheIsChargedOnceItHasMemory() {
        Simulation sim = new Simulation(1);
        PageCache cache = PageCache.of(sim);
        cache.access(0, 1, 1);
        assertTrue(sim.find(PageCacheCharge.class).isEmpty());
        PhysicalMemory.install(sim, 16 * Quantities.MIB);
        cache.access(0, 1, 2);
        assertEquals(1, sim.find(PageCacheCharge.class).orElseThrow().chargedPages());
    }
}
