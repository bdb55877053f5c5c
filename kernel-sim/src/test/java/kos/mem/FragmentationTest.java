package kos.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The reference vectors of linux-mm.md, order by order. */
class FragmentationTest {
    private static int[] frag(long[] nr) {
        int[] r = new int[11];
        for (int k = 0; k < 11; k++) {
            r[k] = Fragmentation.fragmentationIndex(nr, k);
        }
        return r;
    }

    private static int[] unusable(long[] nr) {
        int[] r = new int[11];
        for (int k = 0; k < 11; k++) {
            r[k] = Fragmentation.unusableIndex(nr, k);
        }
        return r;
    }

    @Test
    void onlyOrderZeroFree() {
        long[] nr = {1024, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertArrayEquals(new int[] {-1000, 500, 750, 875, 937, 968, 984, 992, 996, 998, 999}, frag(nr));
        assertArrayEquals(new int[] {0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, unusable(nr));
    }

    @Test
    void ordersZeroAndOne() {
        long[] nr = {512, 256, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertArrayEquals(new int[] {-1000, -1000, 666, 833, 916, 958, 978, 989, 994, 997, 998}, frag(nr));
        assertArrayEquals(new int[] {0, 500, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, unusable(nr));
    }

    @Test
    void oneOrderEightBlockGivesNegativeIndexAboveIt() {
        long[] nr = {0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0};
        assertArrayEquals(
                new int[] {-1000, -1000, -1000, -1000, -1000, -1000, -1000, -1000, -1000, -500, -250}, frag(nr));
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1000, 1000}, unusable(nr));
    }

    @Test
    void mixedOrders() {
        long[] nr = {100, 50, 20, 10, 5, 2, 1, 0, 0, 0, 0};
        assertArrayEquals(new int[] {-1000, -1000, -1000, -1000, -1000, -1000, -1000, 972, 983, 989, 992}, frag(nr));
        assertArrayEquals(new int[] {0, 176, 352, 492, 633, 774, 887, 1000, 1000, 1000, 1000}, unusable(nr));
    }

    @Test
    void nothingFree() {
        long[] nr = new long[11];
        assertEquals(0, Fragmentation.fragmentationIndex(nr, 3));
        assertEquals(1000, Fragmentation.unusableIndex(nr, 3));
        assertEquals(0, Fragmentation.extfrag(nr, 9));
    }

    @Test
    void extfragIsUnusableScaledBy100() {
        long[] nr = {100, 50, 20, 10, 5, 2, 1, 0, 0, 0, 0};
        assertEquals(100, Fragmentation.extfrag(nr, 9));
        assertEquals(17, Fragmentation.extfrag(nr, 1));
    }

    @Test
    void allocatorCountsFeedTheIndexes() {
        BuddyAllocator z = new BuddyAllocator(1024);
        long[] nr = z.freeBlocks(new long[11]);
        assertEquals(1, nr[10]);
        assertEquals(-1000, Fragmentation.fragmentationIndex(nr, 10));
    }
}
