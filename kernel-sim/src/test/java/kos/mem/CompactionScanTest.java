package kos.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link BuddyAllocator#compact}'s migrate scanner steps over a pageblock without MOVABLE
 * allocations in one jump; this checks it against the block-by-block walk it replaced (kept here as
 * the reference): the same
 * pages scanned and migrated, the same moves, the same zone afterwards, on random zones with
 * grouping on and off, with and without a target order or an extfrag stop.
 */
class CompactionScanTest {
    @Test
    void jumpingScannerDoesWhatTheFrameByFrameWalkDid() {
        long moves = 0;
        for (int seed = 1; seed <= 60; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int pages = 1024 * (1 + r.nextInt(8));
            boolean grouping = r.nextBoolean();
            int targetOrder = r.nextInt(3) == 0 ? r.nextInt(11) : -1;
            int extfragStop = r.nextInt(3) == 0 ? r.nextInt(100) : -1;
            BuddyAllocator a = zone(pages, grouping, seed), b = zone(pages, grouping, seed);
            long[] got = new long[3], want = new long[3];
            a.compact(targetOrder, extfragStop, got);
            walk(b, targetOrder, extfragStop, want);
            String what = "seed " + seed;
            assertArrayEquals(want, got, what + ": scanned, migrated, moves");
            moves += got[2];
            assertArrayEquals(b.head, a.head, what + ": blocks");
            assertArrayEquals(b.freeBlocks(new long[11]), a.freeBlocks(new long[11]), what);
            assertEquals(List.of(), a.check(), what);
            for (int pfn = 0; pfn < pages; pfn++) {
                if (a.head[pfn] >= BuddyAllocator.USED) {
                    assertEquals(b.slotAt[pfn], a.slotAt[pfn], what + ": handle at " + pfn);
                }
            }
        }
        assertTrue(moves > 1000, "the zones gave compaction work: " + moves + " moves");
    }

    /** A zone after a seeded mix of allocations (all orders; 0-60% movable) and frees. */
    private static BuddyAllocator zone(int pages, boolean grouping, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 31);
        BuddyAllocator z = new BuddyAllocator(pages);
        int movablePercent = (int) (seed % 4) * 20; // some zones with few movable pageblocks, some with many
        z.grouping(grouping);
        List<Long> live = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            if (!live.isEmpty() && r.nextInt(5) < 2) {
                z.free(live.remove(r.nextInt(live.size())));
            } else {
                int order = r.nextInt(10) < 8 ? r.nextInt(3) : r.nextInt(7);
                Mobility type = r.nextInt(100) < movablePercent
                        ? Mobility.MOVABLE
                        : r.nextBoolean() ? Mobility.RECLAIMABLE : Mobility.UNMOVABLE;
                long h = z.allocate(order, type, 1 + r.nextInt(4));
                if (h >= 0) {
                    live.add(h);
                }
            }
        }
        return z;
    }

    /** The scanner as it was: every block (and every frame inside a coalesced one) from frame 0. */
    private static void walk(BuddyAllocator z, int targetOrder, int extfragStop, long[] out) {
        long scanned = 0, migrated = 0, moves = 0;
        int mov = Mobility.MOVABLE.ordinal();
        int lt = z.grouping() ? mov : 0;
        int freeScanner = z.pages();
        int noRoomOrder = BuddyAllocator.NR_ORDERS;
        int m = 0;
        while (m < freeScanner) {
            int h = z.head[m];
            if (h == BuddyAllocator.TAIL) {
                m++;
                scanned++;
                continue;
            }
            int o = h & 0xf;
            scanned += 1L << o;
            if (h >= BuddyAllocator.USED && o < noRoomOrder && z.hType[z.slotAt[m]] == mov) {
                int target = -1, targetOrderFound = -1;
                for (int oo = o; oo <= BuddyAllocator.MAX_ORDER; oo++) {
                    int idx = z.free[lt * BuddyAllocator.NR_ORDERS + oo].last();
                    if (idx >= 0 && (idx << oo) > target) {
                        target = idx << oo;
                        targetOrderFound = oo;
                    }
                }
                if (target < m + (1 << o)) {
                    noRoomOrder = o;
                    if (o == 0) {
                        break;
                    }
                    m += 1 << o;
                    continue;
                }
                z.removeFree(target, targetOrderFound);
                int to = target;
                for (int hi = targetOrderFound; hi > o; ) {
                    hi--;
                    z.insertFree(to, hi);
                    to += 1 << hi;
                }
                freeScanner = Math.min(freeScanner, to);
                int slot = z.slotAt[m];
                z.head[to] = (byte) (BuddyAllocator.USED | o);
                z.slotAt[to] = slot;
                z.hPfn[slot] = to;
                z.movableInPageblock[m >> BuddyAllocator.PAGEBLOCK_ORDER]--;
                z.movableInPageblock[to >> BuddyAllocator.PAGEBLOCK_ORDER]++;
                z.head[m] = BuddyAllocator.TAIL;
                z.freeBlock(m, o);
                migrated += 1L << o;
                moves++;
                if (targetOrder >= 0 && z.hasFreeBlock(targetOrder)) {
                    break;
                }
                if (extfragStop >= 0
                        && Fragmentation.extfrag(z.freeBlocks(new long[11]), BuddyAllocator.PAGEBLOCK_ORDER)
                                <= extfragStop) {
                    break;
                }
            }
            m += 1 << o;
        }
        out[0] = scanned;
        out[1] = migrated;
        out[2] = moves;
    }
}
