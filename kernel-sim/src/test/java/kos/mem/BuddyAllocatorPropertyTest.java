package kos.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random allocate/free/compact/reclaim/grouping sequences against the invariant checker and a
 * shadow model of the live allocations. 24 tries x 50,000 operations = 1.2 million operations.
 */
class BuddyAllocatorPropertyTest {
    private static final int OPS = 50_000;

    @Property(tries = 24)
    void randomOperationsKeepTheInvariants(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int zoneMiB4) {
        SplittableRandom r = new SplittableRandom(seed);
        BuddyAllocator z = new BuddyAllocator(zoneMiB4 * 1024);
        List<long[]> live = new ArrayList<>(); // {handle, order, type, owner}
        List<Long> dead = new ArrayList<>();
        long usedPages = 0;
        for (int i = 0; i < OPS; i++) {
            int op = r.nextInt(1000);
            if (op < 520) {
                int order = r.nextInt(4) == 0 ? r.nextInt(11) : r.nextInt(3);
                Mobility t = Mobility.VALUES[r.nextInt(3)];
                int owner = 1 + r.nextInt(5);
                boolean couldFit = z.freePages() >= (1L << order);
                long h = z.allocate(order, t, owner);
                if (h >= 0) {
                    assertEquals(order, z.orderOf(h));
                    assertEquals(0, z.pfnOf(h) & ((1 << order) - 1), "aligned");
                    live.add(new long[] {h, order, t.ordinal(), owner});
                    usedPages += 1L << order;
                } else if (order == 0) {
                    assertTrue(!couldFit, "an order-0 request fails only when nothing is free");
                }
            } else if (op < 960) {
                if (!live.isEmpty()) {
                    long[] a = live.remove(r.nextInt(live.size()));
                    int freed = z.free(a[0]);
                    if (freed > 0) {
                        assertEquals(1L << a[1], freed);
                        usedPages -= freed;
                    } else {
                        assertEquals(
                                Mobility.RECLAIMABLE.ordinal(), (int) a[2], "only page cache disappears (reclaimed)");
                    }
                    dead.add(a[0]);
                }
            } else if (op < 980) {
                if (!dead.isEmpty()) {
                    long before = z.freePages();
                    assertEquals(0, z.free(dead.get(r.nextInt(dead.size()))), "double free is refused");
                    assertEquals(before, z.freePages());
                }
            } else if (op < 990) {
                usedPages -= z.reclaim(1 + r.nextInt(64));
            } else if (op < 996) {
                long[] out = new long[3];
                z.compact(r.nextInt(3) == 0 ? -1 : r.nextInt(11), -1, out);
            } else if (op < 998) {
                int owner = 1 + r.nextInt(5);
                usedPages -= z.freeOwner(owner);
                live.removeIf(a -> a[3] == owner);
            } else {
                z.grouping(!z.grouping());
            }
            if (i % 5000 == 4999) {
                assertEquals(List.of(), z.check());
                assertEquals(z.pages() - usedPages, z.freePages());
            }
        }
        assertEquals(List.of(), z.check());
        for (long[] a : live) {
            if (z.isLive(a[0])) {
                assertEquals(a[1], z.orderOf(a[0]));
                assertEquals(a[3], z.ownerOf(a[0]));
                z.free(a[0]);
            }
        }
        assertEquals(z.pages(), z.freePages(), "everything freed: back to whole blocks");
        assertEquals(z.pages() >> BuddyAllocator.MAX_ORDER, z.freeBlocks(BuddyAllocator.MAX_ORDER));
        assertEquals(List.of(), z.check());
    }
}
