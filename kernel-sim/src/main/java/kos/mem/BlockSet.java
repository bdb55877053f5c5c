package kos.mem;

/**
 * A set of block indexes {@code 0..capacity-1} as a three-level bitmap: a free list that answers
 * "lowest" and "highest" member in a few word scans, so the allocator can hand out the
 * lowest-addressed free block deterministically and the compaction free scanner can find the
 * highest one. Add, remove and both searches are O(1)-ish (at most 64 summary words scanned for
 * 2^24 members) and allocate nothing.
 */
final class BlockSet {
    private final long[] l0, l1, l2;
    private int size;

    BlockSet(int capacity) {
        int w0 = Math.max(1, (capacity + 63) >>> 6);
        int w1 = Math.max(1, (w0 + 63) >>> 6);
        int w2 = Math.max(1, (w1 + 63) >>> 6);
        l0 = new long[w0];
        l1 = new long[w1];
        l2 = new long[w2];
    }

    int size() {
        return size;
    }

    boolean contains(int i) {
        return (l0[i >>> 6] & (1L << i)) != 0;
    }

    void add(int i) {
        int w = i >>> 6;
        long old = l0[w];
        l0[w] = old | (1L << i);
        if (old == 0) {
            int w1 = w >>> 6;
            long o1 = l1[w1];
            l1[w1] = o1 | (1L << w);
            if (o1 == 0) {
                l2[w1 >>> 6] |= 1L << w1;
            }
        }
        size++;
    }

    void remove(int i) {
        int w = i >>> 6;
        long v = l0[w] & ~(1L << i);
        l0[w] = v;
        if (v == 0) {
            int w1 = w >>> 6;
            long v1 = l1[w1] & ~(1L << w);
            l1[w1] = v1;
            if (v1 == 0) {
                l2[w1 >>> 6] &= ~(1L << w1);
            }
        }
        size--;
    }

    /** The lowest member, or -1 if empty. */
    int first() {
        if (size == 0) {
            return -1;
        }
        for (int w2 = 0; w2 < l2.length; w2++) {
            long v2 = l2[w2];
            if (v2 != 0) {
                int w1 = (w2 << 6) | Long.numberOfTrailingZeros(v2);
                int w0 = (w1 << 6) | Long.numberOfTrailingZeros(l1[w1]);
                return (w0 << 6) | Long.numberOfTrailingZeros(l0[w0]);
            }
        }
        return -1;
    }

    /** The highest member, or -1 if empty. */
    int last() {
        if (size == 0) {
            return -1;
        }
        for (int w2 = l2.length - 1; w2 >= 0; w2--) {
            long v2 = l2[w2];
            if (v2 != 0) {
                int w1 = (w2 << 6) | (63 - Long.numberOfLeadingZeros(v2));
                int w0 = (w1 << 6) | (63 - Long.numberOfLeadingZeros(l1[w1]));
                return (w0 << 6) | (63 - Long.numberOfLeadingZeros(l0[w0]));
            }
        }
        return -1;
    }
}
