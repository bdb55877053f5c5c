package kos.bench.mem;

import java.util.SplittableRandom;
import kos.mem.BuddyAllocator;
import kos.mem.Mobility;

/** The benchmarks' fragmented zone, the same for every benchmark that needs one. */
final class FragmentedZone {
    private FragmentedZone() {}

    /**
     * A zone of {@code pages} without mobility grouping, filled with order-0..2 blocks (95% movable,
     * 5% unmovable), then a random half freed (seed 1): scattered free blocks, pageblocks pinned.
     */
    static BuddyAllocator create(int pages) {
        SplittableRandom r = new SplittableRandom(1);
        BuddyAllocator zone = new BuddyAllocator(pages);
        zone.grouping(false);
        long[] handles = new long[pages];
        int n = 0;
        long h;
        while ((h = zone.allocate(r.nextInt(3), r.nextInt(20) == 0 ? Mobility.UNMOVABLE : Mobility.MOVABLE, 1)) >= 0) {
            handles[n++] = h;
        }
        for (int i = 0; i < n; i++) {
            if (r.nextBoolean()) {
                zone.free(handles[i]);
            }
        }
        return zone;
    }
}
