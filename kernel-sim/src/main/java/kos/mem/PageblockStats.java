package kos.mem;

import static kos.mem.BuddyAllocator.MAX_ORDER;
import static kos.mem.BuddyAllocator.PAGEBLOCK_ORDER;
import static kos.mem.BuddyAllocator.PIN_GRAIN_ORDER;
import static kos.mem.BuddyAllocator.TAIL;
import static kos.mem.BuddyAllocator.USED;

import java.util.Arrays;

/**
 * Statistics of a {@link BuddyAllocator}'s pageblocks that the crash predictor and the autonomy
 * loop read: regions pinned by unmovable pages (from counters kept on allocate and free), who pins
 * them, and pageblocks of mixed mobility. Reads the allocator's arrays; owns only the counters.
 */
final class PageblockStats {
    private static final int MOV = Mobility.MOVABLE.ordinal(), UNMOV = Mobility.UNMOVABLE.ordinal();
    private final BuddyAllocator z;
    /**
     * Unmovable allocations overlapping each aligned 2^{@link BuddyAllocator#PIN_GRAIN_ORDER}-page region, kept on
     * allocate and free (unmovable blocks never move), so the pinned-region counts the crash
     * predictor samples every 100 ms cost a scan of pages/128 counters instead of a walk over every block.
     */
    private final int[] unmovableInRegion;

    PageblockStats(BuddyAllocator zone) {
        this.z = zone;
        this.unmovableInRegion = new int[zone.pages >> PIN_GRAIN_ORDER];
    }

    /** Counts an unmovable block of {@code 2^order} pages at {@code pfn} in (+1) or out (-1). */
    void countUnmovable(int pfn, int order, int delta) {
        if (order <= PIN_GRAIN_ORDER) { // the usual case: inside one region
            unmovableInRegion[pfn >> PIN_GRAIN_ORDER] += delta;
            return;
        }
        for (int r = pfn >> PIN_GRAIN_ORDER, end = r + (1 << (order - PIN_GRAIN_ORDER)); r < end; r++) {
            unmovableInRegion[r] += delta;
        }
    }

    /**
     * Naturally aligned regions of {@code 2^order} pages holding at least one UNMOVABLE page
     * (an unmovable block larger than the region pins every region it covers). Compaction can
     * assemble an order-{@code order} block only in the other {@code (pages >> order) - pinnedRegions(order)}
     * regions, so this bounds what high-order requests can still get. From order
     * {@link BuddyAllocator#PIN_GRAIN_ORDER} up, a scan of incrementally kept counters (pages/128 of them: 512 for
     * 256 MiB); below it a walk over the zone's blocks. No allocation.
     *
     * @param order 0..{@link BuddyAllocator#MAX_ORDER}
     */
    int pinnedRegions(int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("order must be 0.." + MAX_ORDER + ", got " + order);
        }
        if (order >= PIN_GRAIN_ORDER) {
            int group = 1 << (order - PIN_GRAIN_ORDER), pinned = 0;
            for (int r = 0; r < unmovableInRegion.length; r += group) {
                for (int k = r; k < r + group; k++) {
                    if (unmovableInRegion[k] != 0) {
                        pinned++;
                        break;
                    }
                }
            }
            return pinned;
        }
        return walkPinnedRegions(order);
    }

    /** {@link #pinnedRegions} by a walk over every block: for orders below the counters' grain, and to check them. */
    int walkPinnedRegions(int order) {
        int pinned = 0;
        int lastPinned = -1; // regions are visited in address order, so one marker avoids double counts
        for (int p = 0; p < z.pages; ) {
            int h = z.head[p];
            if (h == TAIL) {
                p++; // a frame outside any block (the zone's ragged end)
                continue;
            }
            int o = h & 0xf;
            if (h >= USED && z.hType[z.slotAt[p]] == UNMOV) {
                int first = p >> order, last = (p + (1 << o) - 1) >> order;
                pinned += last - Math.max(first, lastPinned + 1) + 1;
                lastPinned = last;
            }
            p += 1 << o;
        }
        return pinned;
    }

    /**
     * For each owner, the pageblocks in which it holds an UNMOVABLE page: whose unmovable memory
     * keeps compaction from assembling 2 MiB blocks. Index = owner id, length {@link #ownerLimit()}.
     * A walk over the zone's blocks that allocates the result: for actions and reports, not hot paths.
     */
    int[] pageblocksPinnedByOwner() {
        int[] pinned = new int[z.ownerPages.length];
        int[] lastBlock = new int[z.ownerPages.length]; // pageblocks are visited in address order
        Arrays.fill(lastBlock, -1);
        for (int p = 0; p < z.pages; ) {
            int h = z.head[p];
            if (h == TAIL) {
                p++;
                continue;
            }
            int o = h & 0xf;
            if (h >= USED && z.hType[z.slotAt[p]] == UNMOV) {
                int owner = z.hOwner[z.slotAt[p]];
                int first = p >> PAGEBLOCK_ORDER, last = (p + (1 << o) - 1) >> PAGEBLOCK_ORDER;
                pinned[owner] += last - Math.max(first, lastBlock[owner] + 1) + 1;
                lastBlock[owner] = last;
            }
            p += 1 << o;
        }
        return pinned;
    }

    /**
     * Pageblocks that hold both a MOVABLE allocation and an UNMOVABLE or RECLAIMABLE one: the
     * pollution that grouping by mobility exists to prevent (such a pageblock can never be fully
     * freed by compaction). A scan of the zone: for reports, not hot paths.
     */
    int mixedPageblocks() {
        int mixed = 0;
        int pbPages = 1 << PAGEBLOCK_ORDER;
        for (int start = 0; start < z.pages; start += pbPages) {
            boolean movable = false, other = false;
            for (int p = start; p < start + pbPages; ) {
                int h = z.head[p];
                if (h == TAIL) {
                    break; // inside a block larger than a pageblock: one type only
                }
                int o = h & 0xf;
                if (h >= USED) {
                    if (z.hType[z.slotAt[p]] == MOV) {
                        movable = true;
                    } else {
                        other = true;
                    }
                }
                p += 1 << o;
            }
            if (movable && other) {
                mixed++;
            }
        }
        return mixed;
    }
}
