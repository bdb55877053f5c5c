package kos.mem;

import static kos.mem.BuddyAllocator.MAX_ORDER;
import static kos.mem.BuddyAllocator.NR_ORDERS;
import static kos.mem.BuddyAllocator.PAGEBLOCK_ORDER;
import static kos.mem.BuddyAllocator.PIN_GRAIN_ORDER;
import static kos.mem.BuddyAllocator.TAIL;
import static kos.mem.BuddyAllocator.USED;

import java.util.ArrayList;
import java.util.List;

/**
 * The consistency check of a {@link BuddyAllocator} ({@code memctl check}, the property test): a
 * walk over every frame and every counter, for tests and reports, never on a hot path.
 */
final class BuddyInvariants {
    private static final int NT = 3;
    private static final int RECL = Mobility.RECLAIMABLE.ordinal(), MOV = Mobility.MOVABLE.ordinal();

    private BuddyInvariants() {}

    /**
     * Verifies the invariants: the frames are tiled by blocks that never overlap; every free block
     * is aligned to its order, lies on exactly the list of its pageblock's type, and is not
     * mergeable with a free buddy; counts (free pages, per-order and per-list counts, used pages per
     * type, live handles, page-cache LRU, owner footprints, pinned regions) add up.
     *
     * @return the violations found (at most 20), empty when consistent
     */
    static List<String> check(BuddyAllocator z) {
        List<String> v = new ArrayList<>();
        long freeSum = 0;
        long[] perOrder = new long[NR_ORDERS], perList = new long[NT * NR_ORDERS], used = new long[NT];
        int blocks = 0;
        int[] movable = new int[z.pages >> PAGEBLOCK_ORDER];
        long[] movableByOrder = new long[NR_ORDERS];
        long[] owners = new long[z.ownerPages.length];
        for (int pfn = 0; pfn < z.pages && v.size() < 20; ) {
            int h = z.head[pfn];
            if (h == TAIL) {
                v.add("frame " + pfn + " lies in no block (or blocks overlap)");
                pfn++;
                continue;
            }
            int o = h & 0xf;
            if (o > MAX_ORDER || (pfn & ((1 << o) - 1)) != 0 || pfn + (1 << o) > z.pages) {
                v.add("block at " + pfn + " of order " + o + " is misaligned or out of the zone");
                pfn++;
                continue;
            }
            for (int p = pfn + 1; p < pfn + (1 << o); p++) {
                if (z.head[p] != TAIL) {
                    v.add("block at " + p + " overlaps the order-" + o + " block at " + pfn);
                    break;
                }
            }
            if (h < USED) {
                freeSum += 1L << o;
                perOrder[o]++;
                int lt = z.listOf(pfn);
                perList[lt * NR_ORDERS + o]++;
                if (!z.free[lt * NR_ORDERS + o].contains(pfn >> o)) {
                    v.add("free block at " + pfn + " (order " + o + ") is not on its free list");
                }
                int buddy = pfn ^ (1 << o);
                if (o < MAX_ORDER && z.head[buddy] == o) {
                    v.add("free block at " + pfn + " and its buddy at " + buddy + " (order " + o + ") were not merged");
                }
            } else {
                int s = z.slotAt[pfn];
                if (s < 0 || s >= z.slotCount || z.hPfn[s] != pfn) {
                    v.add("allocated block at " + pfn + " has no handle");
                } else {
                    used[z.hType[s]] += 1L << o;
                    if (z.hType[s] == MOV) {
                        movable[pfn >> PAGEBLOCK_ORDER]++;
                        movableByOrder[o]++;
                    }
                    if (z.hType[s] != RECL) {
                        owners[z.hOwner[s]] += 1L << o;
                    }
                    blocks++;
                }
            }
            pfn += 1 << o;
        }
        if (freeSum != z.freePages) {
            v.add("free pages counted " + z.freePages + " but blocks hold " + freeSum);
        }
        for (int o = 0; o < NR_ORDERS; o++) {
            if (perOrder[o] != z.nrFree[o]) {
                v.add("order " + o + ": " + z.nrFree[o] + " free blocks counted, " + perOrder[o] + " found");
            }
        }
        for (int i = 0; i < NT * NR_ORDERS; i++) {
            if (perList[i] != z.nrFreeByList[i] || perList[i] != z.free[i].size()) {
                v.add("free list " + Mobility.VALUES[i / NR_ORDERS].label() + "/" + (i % NR_ORDERS) + " holds "
                        + z.free[i].size() + ", counted " + z.nrFreeByList[i] + ", found " + perList[i]);
            }
        }
        for (int i = 0; i < NT * NR_ORDERS; i++) {
            boolean bit = (z.nonEmpty[i / NR_ORDERS] & (1 << (i % NR_ORDERS))) != 0;
            if (bit != (z.free[i].size() > 0)) {
                v.add("non-empty mask of list " + Mobility.VALUES[i / NR_ORDERS].label() + "/" + (i % NR_ORDERS)
                        + " is wrong");
            }
        }
        for (int t = 0; t < NT; t++) {
            if (used[t] != z.usedByType[t]) {
                v.add(Mobility.VALUES[t].label() + " pages counted " + z.usedByType[t] + ", found " + used[t]);
            }
        }
        if (freeSum + used[0] + used[1] + used[2] != z.pages) {
            v.add("free and used pages do not add up to the zone");
        }
        if (!java.util.Arrays.equals(movableByOrder, z.movableBlocks)) {
            v.add("movable blocks per order counted " + java.util.Arrays.toString(z.movableBlocks) + ", found "
                    + java.util.Arrays.toString(movableByOrder));
        }
        if (!java.util.Arrays.equals(movable, z.movableInPageblock)) {
            v.add("movable allocations per pageblock are miscounted");
        }
        if (blocks != z.liveBlocks || z.slotCount - z.freeSlotCount != z.liveBlocks) {
            v.add("live handles counted " + z.liveBlocks + ", found " + blocks);
        }
        long lru = 0;
        int steps = 0;
        for (int s = z.lruHead;
                s >= 0 && steps <= z.slotCount;
                s = z.lruNext[s], steps++) { // bounded: a cycle is a violation too
            if (z.hPfn[s] < 0 || z.hType[s] != RECL) {
                v.add("page-cache LRU links a slot that is not live page cache: " + s);
                break;
            }
            lru += 1L << (z.head[z.hPfn[s]] & 0xf);
        }
        if (lru != z.usedByType[RECL]) {
            v.add("page-cache LRU holds " + lru + " pages, counted " + z.usedByType[RECL]);
        }
        int[] slotsByOwner = new int[z.ownerSlots.length];
        for (int s = 0; s < z.slotCount; s++) {
            if (z.hPfn[s] >= 0) {
                slotsByOwner[z.hOwner[s]]++;
            }
        }
        for (int i = 0; i < slotsByOwner.length; i++) {
            if (slotsByOwner[i] != z.ownerSlots[i]) {
                v.add("owner " + i + " live allocations counted " + z.ownerSlots[i] + ", found " + slotsByOwner[i]);
                break;
            }
        }
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] != z.ownerPages[i]) {
                v.add("owner " + i + " footprint counted " + z.ownerPages[i] + ", found " + owners[i]);
                break;
            }
        }
        for (int order = PIN_GRAIN_ORDER; order <= MAX_ORDER; order++) {
            if (z.pinnedRegions(order) != z.walkPinnedRegions(order)) {
                v.add("order-" + order + " pinned regions counted " + z.pinnedRegions(order) + ", found "
                        + z.walkPinnedRegions(order));
            }
        }
        return v.size() > 20 ? v.subList(0, 20) : v;
    }
}
