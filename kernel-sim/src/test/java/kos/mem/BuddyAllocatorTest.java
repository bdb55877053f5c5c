package kos.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuddyAllocatorTest {
    private static void assertConsistent(BuddyAllocator z) {
        assertEquals(List.of(), z.check());
    }

    @Test
    void splitsAndCoalescesBackToOneBlock() {
        BuddyAllocator z = new BuddyAllocator(1024);
        long h = z.allocate(0, Mobility.MOVABLE, 1);
        assertEquals(0, z.pfnOf(h));
        // 1023 free pages in one block of each order 0..9
        for (int o = 0; o < 10; o++) {
            assertEquals(1, z.freeBlocks(o), "order " + o);
        }
        assertEquals(0, z.freeBlocks(10));
        assertConsistent(z);
        assertEquals(1, z.free(h));
        assertEquals(1, z.freeBlocks(10));
        assertEquals(1024, z.freePages());
        assertConsistent(z);
    }

    @Test
    void lowestAddressFirst() {
        BuddyAllocator z = new BuddyAllocator(2048);
        long a = z.allocate(2, Mobility.MOVABLE, 1),
                b = z.allocate(2, Mobility.MOVABLE, 1),
                c = z.allocate(0, Mobility.MOVABLE, 1);
        assertEquals(0, z.pfnOf(a));
        assertEquals(4, z.pfnOf(b));
        assertEquals(8, z.pfnOf(c));
        z.free(a);
        long d = z.allocate(1, Mobility.MOVABLE, 1);
        assertEquals(
                10,
                z.pfnOf(d),
                "smallest sufficient order first: the order-1 block at 10 beats splitting the freed order-2 block");
        long e = z.allocate(2, Mobility.MOVABLE, 1);
        assertEquals(0, z.pfnOf(e), "the freed low order-2 block is reused first");
        assertConsistent(z);
    }

    @Test
    void unknownAndDoubleFreeChangeNothing() {
        BuddyAllocator z = new BuddyAllocator(1024);
        long h = z.allocate(3, Mobility.UNMOVABLE, 1);
        assertEquals(0, z.free(h + 5));
        assertEquals(0, z.free(-1));
        assertEquals(8, z.free(h));
        long free = z.freePages();
        assertEquals(0, z.free(h));
        long again = z.allocate(3, Mobility.UNMOVABLE, 1); // reuses the slot with a new generation
        assertTrue(again != h);
        assertEquals(0, z.free(h), "a stale handle does not free the new allocation");
        assertTrue(z.isLive(again));
        assertEquals(free - 8, z.freePages());
        assertConsistent(z);
    }

    @Test
    void exhaustionReturnsMinusOne() {
        BuddyAllocator z = new BuddyAllocator(1024);
        assertTrue(z.allocate(10, Mobility.MOVABLE, 1) >= 0);
        assertEquals(-1, z.allocate(0, Mobility.MOVABLE, 1));
        assertEquals(0, z.freePages());
        assertConsistent(z);
    }

    @Test
    void rejectsBadZoneSizes() {
        assertThrows(IllegalArgumentException.class, () -> new BuddyAllocator(1000));
        assertThrows(IllegalArgumentException.class, () -> new BuddyAllocator(0));
    }

    @Test
    void groupingKeepsUnmovableInTheirOwnPageblock() {
        BuddyAllocator z = new BuddyAllocator(4096); // 8 pageblocks
        List<Long> movable = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            movable.add(z.allocate(0, Mobility.MOVABLE, 1));
        }
        long u1 = z.allocate(0, Mobility.UNMOVABLE, 2);
        long u2 = z.allocate(0, Mobility.UNMOVABLE, 2);
        // unmovable requests steal a whole pageblock (from the largest free block, at the top end
        // of the lowest order-10 block not in use) and then stay inside it
        assertEquals(z.pfnOf(u1) >> 9, z.pfnOf(u2) >> 9);
        assertTrue(z.pfnOf(u1) >= 512, "not mixed into the movable pageblock");
        assertEquals(1, z.fallbacks());
        assertEquals(1, z.steals());
        assertConsistent(z);

        BuddyAllocator flat = new BuddyAllocator(4096);
        flat.grouping(false);
        for (int i = 0; i < 100; i++) {
            flat.allocate(0, Mobility.MOVABLE, 1);
        }
        assertEquals(
                100,
                flat.pfnOf(flat.allocate(0, Mobility.UNMOVABLE, 2)),
                "without grouping it goes right next to them");
        assertConsistent(flat);
        flat.grouping(true);
        assertConsistent(flat);
    }

    @Test
    void reclaimFreesPageCacheOldestFirst() {
        BuddyAllocator z = new BuddyAllocator(1024);
        long a = z.allocate(0, Mobility.RECLAIMABLE, 1),
                b = z.allocate(0, Mobility.RECLAIMABLE, 1),
                c = z.allocate(0, Mobility.RECLAIMABLE, 1);
        assertEquals(3, z.pageCachePages());
        assertEquals(2, z.reclaim(2));
        assertFalse(z.isLive(a));
        assertFalse(z.isLive(b));
        assertTrue(z.isLive(c));
        assertEquals(0, z.ownerPages(1), "page cache is not part of the OOM footprint");
        assertConsistent(z);
    }

    @Test
    void freeOwnerReleasesEverythingOfThatOwner() {
        BuddyAllocator z = new BuddyAllocator(1024);
        for (int i = 0; i < 10; i++) {
            z.allocate(i % 3, Mobility.MOVABLE, 7);
            z.allocate(0, Mobility.UNMOVABLE, 8);
        }
        assertEquals(1 + 2 + 4 + 1 + 2 + 4 + 1 + 2 + 4 + 1, z.ownerPages(7));
        assertEquals(22, z.freeOwner(7));
        assertEquals(0, z.ownerPages(7));
        assertEquals(10, z.ownerPages(8));
        assertConsistent(z);
    }

    @Test
    void freeOwnerFreesPageCacheTooAndNothingForAnOwnerWithoutMemory() {
        BuddyAllocator z = new BuddyAllocator(1024);
        long keep = z.allocate(1, Mobility.MOVABLE, 3);
        for (int i = 0; i < 5; i++) {
            z.allocate(0, Mobility.RECLAIMABLE, 9);
            z.allocate(2, Mobility.MOVABLE, 9);
        }
        assertEquals(0, z.freeOwner(4), "an owner that never allocated");
        assertEquals(0, z.freeOwner(100_000), "an owner past every table");
        assertEquals(5 + 20, z.freeOwner(9));
        assertEquals(0, z.freeOwner(9), "nothing left the second time");
        assertTrue(z.isLive(keep));
        assertConsistent(z);
    }

    @Test
    void compactionMovesMovableBlocksUpAndKeepsHandlesValid() {
        BuddyAllocator z = new BuddyAllocator(2048);
        z.grouping(false);
        List<Long> hs = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            hs.add(z.allocate(0, Mobility.MOVABLE, 1));
        }
        for (int i = 0; i < 1024; i += 2) {
            z.free(hs.get(i)); // every other page: no free block above order 0 in the low half
        }
        assertEquals(512, z.freeBlocks(0));
        assertEquals(1, z.freeBlocks(10), "the upper 1024 pages remain one order-10 block");
        long[] out = new long[3];
        z.compact(-1, -1, out);
        assertTrue(out[1] > 0);
        assertConsistent(z);
        // all 512 live pages moved into the top, the bottom coalesced
        assertEquals(10, z.largestFreeOrder());
        for (int i = 1; i < 1024; i += 2) {
            assertTrue(z.isLive(hs.get(i)));
            assertTrue(z.pfnOf(hs.get(i)) >= 1024, "moved to the top half");
        }
    }

    @Test
    void compactionSkipsABlockItCannotPlaceAndCarriesOn() {
        // A held 2 MiB movable block at the bottom has no free 2 MiB block above it; the migrate
        // scanner must skip it and still compact the order-0 pages above (the first version stopped there).
        BuddyAllocator z = new BuddyAllocator(2048);
        z.grouping(false);
        long big = z.allocate(9, Mobility.MOVABLE, 1);
        assertEquals(0, z.pfnOf(big));
        List<Long> hs = new ArrayList<>();
        for (int i = 0; i < 2048 - 512; i++) {
            hs.add(z.allocate(0, Mobility.MOVABLE, 1));
        }
        for (int i = 0; i < hs.size(); i += 2) {
            z.free(hs.get(i));
        }
        assertEquals(0, z.largestFreeOrder());
        long[] out = new long[3];
        z.compact(-1, -1, out);
        assertEquals(0, z.pfnOf(big), "the big block stays: nothing above can hold it");
        assertTrue(out[1] >= 300, "the small pages were compacted: " + out[1]);
        assertTrue(z.largestFreeOrder() >= 8, "largest free order " + z.largestFreeOrder());
        assertConsistent(z);
    }

    @Test
    void compactionCannotMoveUnmovable() {
        BuddyAllocator z = new BuddyAllocator(1024);
        z.grouping(false);
        List<Long> hs = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            hs.add(z.allocate(0, Mobility.UNMOVABLE, 1));
        }
        for (int i = 0; i < 1024; i += 2) {
            z.free(hs.get(i));
        }
        long[] out = new long[3];
        z.compact(-1, -1, out);
        assertEquals(0, out[1]);
        assertEquals(0, z.largestFreeOrder());
        assertConsistent(z);
    }

    @Test
    void compactionStopsEarlyOnceTheOrderIsAvailable() {
        BuddyAllocator z = new BuddyAllocator(1024);
        z.grouping(false);
        List<Long> hs = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            hs.add(z.allocate(0, Mobility.MOVABLE, 1));
        }
        for (int i = 0; i < 1024; i += 2) {
            z.free(hs.get(i));
        }
        long[] out = new long[3];
        z.compact(2, -1, out);
        assertTrue(z.hasFreeBlock(2));
        assertTrue(out[1] < 16, "only a few pages moved: " + out[1]);
        assertConsistent(z);
    }

    @Test
    void checkerCatchesCorruption() {
        BuddyAllocator z = new BuddyAllocator(1024);
        long h = z.allocate(2, Mobility.MOVABLE, 1);
        z.nrFree[3]++;
        assertFalse(z.check().isEmpty(), "a miscounted free list");
        z.nrFree[3]--;
        assertConsistent(z);
        z.head[1] = 0; // a free order-0 block inside an allocated order-2 block
        assertTrue(
                z.check().stream().anyMatch(m -> m.contains("overlaps")),
                z.check().toString());
        z.head[1] = BuddyAllocator.TAIL;
        z.free(h);
        assertConsistent(z);
        // an allocated block whose handle points elsewhere
        BuddyAllocator y = new BuddyAllocator(1024);
        y.allocate(0, Mobility.MOVABLE, 1);
        y.allocate(0, Mobility.MOVABLE, 1);
        y.slotAt[1] = y.slotAt[0];
        assertTrue(
                y.check().stream().anyMatch(m -> m.contains("has no handle")),
                y.check().toString());
    }

    @Test
    void pinnedRegionsCountsAlignedRegionsHoldingAnUnmovablePage() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        BuddyAllocator z = new BuddyAllocator(4096);
        List<Long> live = new ArrayList<>();
        for (int step = 0; step < 3000; step++) {
            if (!live.isEmpty() && r.nextInt(3) == 0) {
                z.free(live.remove(r.nextInt(live.size())));
            } else {
                Mobility t = r.nextInt(4) == 0 ? Mobility.UNMOVABLE : Mobility.MOVABLE;
                long h = z.allocate(r.nextInt(5) == 0 ? 9 + r.nextInt(2) : r.nextInt(3), t, 1 + r.nextInt(3));
                if (h >= 0) {
                    live.add(h);
                }
            }
            if (step % 250 == 0) {
                for (int order = 0; order <= BuddyAllocator.MAX_ORDER; order++) {
                    // Brute force: mark every page of every unmovable allocation, then count regions.
                    boolean[] pinnedPage = new boolean[4096];
                    for (long h : live) {
                        if (z.typeOf(h) == Mobility.UNMOVABLE) {
                            java.util.Arrays.fill(pinnedPage, z.pfnOf(h), z.pfnOf(h) + (1 << z.orderOf(h)), true);
                        }
                    }
                    int expected = 0;
                    for (int start = 0; start < 4096; start += 1 << order) {
                        for (int p = start; p < start + (1 << order); p++) {
                            if (pinnedPage[p]) {
                                expected++;
                                break;
                            }
                        }
                    }
                    assertEquals(expected, z.pinnedRegions(order), "order " + order + " at step " + step);
                    assertEquals(expected, z.walkPinnedRegions(order), "the walk, order " + order + " at step " + step);
                }
                assertEquals(z.pinnedRegions(BuddyAllocator.PAGEBLOCK_ORDER), z.pinnedPageblocks());
                assertConsistent(z);
                // Per owner: pageblocks in which that owner holds an unmovable page.
                for (int owner = 1; owner <= 3; owner++) {
                    java.util.Set<Integer> blocks = new java.util.TreeSet<>();
                    for (long h : live) {
                        if (z.typeOf(h) == Mobility.UNMOVABLE && z.ownerOf(h) == owner) {
                            for (int p = z.pfnOf(h); p < z.pfnOf(h) + (1 << z.orderOf(h)); p += 512) {
                                blocks.add(p >> BuddyAllocator.PAGEBLOCK_ORDER);
                            }
                        }
                    }
                    assertEquals(
                            blocks.size(), z.pageblocksPinnedByOwner()[owner], "owner " + owner + " at step " + step);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> z.pinnedRegions(11));
    }

    @Test
    void spareCleanRegionsCountWhatTheLargeHoldersAndPinsLeave() {
        BuddyAllocator z = new BuddyAllocator(4096); // 8 pageblocks
        assertEquals(8.0, z.spareCleanRegions(9));
        assertEquals(16.0, z.spareCleanRegions(8));
        z.allocate(0, Mobility.UNMOVABLE, 1); // pins pageblock 0 (and its first order-8 and order-7 regions)
        long huge = z.allocate(9, Mobility.MOVABLE, 2);
        z.allocate(8, Mobility.MOVABLE, 2);
        z.allocate(4, Mobility.MOVABLE, 2); // smaller than the orders asked about: takes no region of theirs
        assertEquals(8 - 1 - 1, z.spareCleanRegions(9), "7 clean pageblocks, 1 held by the huge page");
        assertEquals(16 - 1 - 1 - 2, z.spareCleanRegions(8), "15 clean 1 MiB regions less the order-8 and order-9");
        assertEquals((32 - 1) * 4 - 8 - 16, z.spareCleanRegions(5), "in clean order-7 regions, in order-5 units");
        z.free(huge);
        assertEquals(1, z.movableBlocks(8));
        assertEquals(0, z.movableBlocks(9));
        assertConsistent(z);
        assertThrows(IllegalArgumentException.class, () -> z.spareCleanRegions(-1));
    }
}
