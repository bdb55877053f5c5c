package kos.mem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One zone of 4 KiB pages managed by a binary buddy allocator (orders 0..10) with Linux-style
 * grouping of order-9 pageblocks by {@link Mobility}, handles instead of frame numbers, page-cache
 * reclaim in LRU order, and compaction. Pure data structure: no clock, no policy (those live in
 * {@link PhysicalMemory}).
 *
 * <p><b>Representation.</b> Per page frame a byte {@code head[pfn]}: {@code -1} inside a block,
 * {@code o} at the first frame of a free block of order {@code o}, {@code 0x10|o} at the first frame of
 * an allocated block. Free lists are {@link BlockSet} bitmaps per (list type, order), indexed by
 * {@code pfn >> order}. Allocations are slots in int/byte arrays; a handle is
 * {@code generation << 32 | slot}, so a freed or reused handle is recognised as stale.
 *
 * <p><b>Determinism.</b> An allocation takes the lowest-addressed free block of the smallest
 * sufficient order in its own mobility's lists, splitting it and keeping the low half (so the
 * result is always the lowest-addressed fit). When that list is empty it falls back to another
 * type's pageblock, largest order first (as Linux's {@code __rmqueue_fallback}), stealing the
 * pageblock when the block is at least half a pageblock or the request is not MOVABLE.
 *
 * <p>Allocate and free allocate no objects (the handle table grows by doubling when full).
 */
public final class BuddyAllocator {
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    public static final int MAX_ORDER = 10;
    public static final int NR_ORDERS = MAX_ORDER + 1;
    public static final int PAGEBLOCK_ORDER = 9;
    private static final int PAGEBLOCK_MASK = (1 << PAGEBLOCK_ORDER) - 1;
    public static final int COSTLY_ORDER = 3;
    /** The finest region the incremental pinned-region counts track: order 7, 512 KiB. */
    public static final int PIN_GRAIN_ORDER = 7;
    /** Largest zone: 16 GiB. */
    public static final long MAX_PAGES = 1L << 22;

    static final byte TAIL = -1;
    static final int USED = 0x10;
    private static final int NT = 3;
    private static final int UNMOV = Mobility.UNMOVABLE.ordinal(),
            MOV = Mobility.MOVABLE.ordinal(),
            RECL = Mobility.RECLAIMABLE.ordinal();
    private static final int[][] FALLBACK = new int[NT][];

    static {
        FALLBACK[UNMOV] = new int[] {RECL, MOV};
        FALLBACK[RECL] = new int[] {UNMOV, MOV};
        FALLBACK[MOV] = new int[] {RECL, UNMOV};
    }

    final int pages;
    final byte[] head;
    final int[] slotAt;
    final byte[] blockType;
    final BlockSet[] free = new BlockSet[NT * NR_ORDERS];
    final long[] nrFree = new long[NR_ORDERS];
    final long[] nrFreeByList = new long[NT * NR_ORDERS];
    final long[] usedByType = new long[NT];
    /** Per list type, bit {@code o} set when its order-{@code o} list is not empty: finds the smallest fit in one instruction. */
    final int[] nonEmpty = new int[NT];

    boolean grouping = true;
    long freePages;
    long fallbacks, steals;

    // handle table, indexed by slot
    int[] hPfn, hGen, hOwner, lruNext, lruPrev, freeSlots;
    byte[] hType;
    int slotCount, freeSlotCount, liveBlocks;
    int lruHead = -1, lruTail = -1;
    private EvictionSink evictionSink;
    long[] ownerPages = new long[64];
    /**
     * Live allocations (every type, page cache included) per owner: {@link #freeOwner} stops its
     * scan at an owner's last one, and does none for an owner with none (a process exit of a task
     * that never held memory used to scan every slot).
     */
    int[] ownerSlots = new int[64];
    /**
     * MOVABLE allocations whose first frame lies in each pageblock: compaction's migrate scanner
     * acts only on those, so it steps over a pageblock that has none in one jump.
     */
    final int[] movableInPageblock;
    /** Live movable allocations of each order (huge pages, DMA buffers are the large ones). */
    final long[] movableBlocks = new long[NR_ORDERS];
    /** Pinned-region counters and pageblock statistics ({@link PageblockStats}). */
    private final PageblockStats pageblockStats;

    /** A zone of {@code pages} 4 KiB pages, a positive multiple of 1024 (4 MiB), at most {@link #MAX_PAGES}. */
    public BuddyAllocator(int pages) {
        if (pages <= 0 || pages % (1 << MAX_ORDER) != 0 || pages > MAX_PAGES) {
            throw new IllegalArgumentException(
                    "zone pages must be a positive multiple of 1024 up to " + MAX_PAGES + ": " + pages);
        }
        this.pages = pages;
        head = new byte[pages];
        Arrays.fill(head, TAIL);
        slotAt = new int[pages];
        blockType = new byte[pages >> PAGEBLOCK_ORDER];
        Arrays.fill(blockType, (byte) MOV);
        for (int t = 0; t < NT; t++) {
            for (int o = 0; o < NR_ORDERS; o++) {
                free[t * NR_ORDERS + o] = new BlockSet(pages >> o);
            }
        }
        int cap = 1024;
        hPfn = new int[cap];
        hGen = new int[cap];
        hOwner = new int[cap];
        lruNext = new int[cap];
        lruPrev = new int[cap];
        freeSlots = new int[cap];
        hType = new byte[cap];
        for (int pfn = 0; pfn < pages; pfn += 1 << MAX_ORDER) {
            insertFree(pfn, MAX_ORDER);
        }
        movableInPageblock = new int[pages >> PAGEBLOCK_ORDER];
        pageblockStats = new PageblockStats(this);
    }

    public int pages() {
        return pages;
    }

    public long freePages() {
        return freePages;
    }

    /** Pages allocated with the given mobility. */
    public long usedPages(Mobility m) {
        return usedByType[m.ordinal()];
    }

    /** Free blocks of an order (the buddyinfo count). */
    public long freeBlocks(int order) {
        return nrFree[order];
    }

    /** Copies the per-order free block counts into {@code into} (length >= 11) and returns it. */
    public long[] freeBlocks(long[] into) {
        System.arraycopy(nrFree, 0, into, 0, NR_ORDERS);
        return into;
    }

    /** The highest order with a free block, or -1 when nothing is free. */
    public int largestFreeOrder() {
        for (int o = MAX_ORDER; o >= 0; o--) {
            if (nrFree[o] > 0) {
                return o;
            }
        }
        return -1;
    }

    /** Whether some free block of at least this order exists (in any list). */
    public boolean hasFreeBlock(int order) {
        for (int o = order; o <= MAX_ORDER; o++) {
            if (nrFree[o] > 0) {
                return true;
            }
        }
        return false;
    }

    public boolean grouping() {
        return grouping;
    }

    /** Allocations that fell back to another mobility's pageblock, and how many of them stole it. */
    public long fallbacks() {
        return fallbacks;
    }

    public long steals() {
        return steals;
    }

    /** Live allocations. */
    public int liveBlocks() {
        return liveBlocks;
    }

    /** Non-page-cache pages charged to an owner (its OOM footprint). */
    public long ownerPages(int owner) {
        return owner >= 0 && owner < ownerPages.length ? ownerPages[owner] : 0;
    }

    /** The largest owner id that ever held memory, for scans. */
    public int ownerLimit() {
        return ownerPages.length;
    }

    /** Turns pageblock mobility grouping on or off, refiling every free block. */
    public void grouping(boolean on) {
        if (on == grouping) {
            return;
        }
        List<int[]> blocks = new ArrayList<>();
        for (int pfn = 0; pfn < pages; ) {
            int h = head[pfn];
            if (h >= 0 && h < USED) {
                blocks.add(new int[] {pfn, h});
                removeFree(pfn, h);
            }
            pfn += h == TAIL ? 1 : 1 << (h & 0xf);
        }
        grouping = on;
        for (int[] b : blocks) {
            insertFree(b[0], b[1]);
        }
    }

    // ---------------------------------------------------------------- allocate / free

    /**
     * Allocates a block of {@code 2^order} pages, charged to {@code owner} (>= 0).
     *
     * @return a handle (>= 0), or -1 when no block of the order can be found (no side effects then)
     */
    public long allocate(int order, Mobility type, int owner) {
        int t = type.ordinal();
        int pfn = takeBlock(order, t);
        if (pfn < 0) {
            return -1;
        }
        int slot = newSlot();
        head[pfn] = (byte) (USED | order);
        slotAt[pfn] = slot;
        hPfn[slot] = pfn;
        hOwner[slot] = owner;
        if (owner >= ownerSlots.length) {
            ownerSlots = Arrays.copyOf(ownerSlots, Math.max(owner + 1, ownerSlots.length * 2));
        }
        ownerSlots[owner]++;
        hType[slot] = (byte) t;
        usedByType[t] += 1L << order;
        liveBlocks++;
        if (t == UNMOV) {
            countUnmovable(pfn, order, 1);
        }
        if (t == RECL) {
            lruAppend(slot);
        } else {
            chargeOwner(owner, 1L << order);
            if (t == MOV) {
                movableInPageblock[pfn >> PAGEBLOCK_ORDER]++;
                movableBlocks[order]++;
            }
        }
        return ((long) hGen[slot] << 32) | slot;
    }

    /** Whether the handle names a live allocation. */
    public boolean isLive(long handle) {
        return slotOf(handle) >= 0;
    }

    /** The order of a live allocation, or -1. */
    public int orderOf(long handle) {
        int s = slotOf(handle);
        return s < 0 ? -1 : head[hPfn[s]] & 0xf;
    }

    /** The first page frame of a live allocation (changes when compaction moves it), or -1. */
    public int pfnOf(long handle) {
        int s = slotOf(handle);
        return s < 0 ? -1 : hPfn[s];
    }

    /** The owner of a live allocation, or -1. */
    public int ownerOf(long handle) {
        int s = slotOf(handle);
        return s < 0 ? -1 : hOwner[s];
    }

    /** The mobility of a live allocation, or null. */
    public Mobility typeOf(long handle) {
        int s = slotOf(handle);
        return s < 0 ? null : Mobility.VALUES[hType[s]];
    }

    /**
     * Frees an allocation and coalesces it with free buddies.
     *
     * @return the pages freed, or 0 when the handle is unknown or already freed (nothing changes)
     */
    public int free(long handle) {
        int slot = slotOf(handle);
        if (slot < 0) {
            return 0;
        }
        return freeSlot(slot);
    }

    private int freeSlot(int slot) {
        int pfn = hPfn[slot];
        int order = head[pfn] & 0xf;
        int t = hType[slot];
        usedByType[t] -= 1L << order;
        if (t == UNMOV) {
            countUnmovable(pfn, order, -1);
        }
        if (t == RECL) {
            lruRemove(slot);
        } else {
            ownerPages[hOwner[slot]] -= 1L << order;
            if (t == MOV) {
                movableInPageblock[pfn >> PAGEBLOCK_ORDER]--;
                movableBlocks[order]--;
            }
        }
        ownerSlots[hOwner[slot]]--;
        hPfn[slot] = -1;
        hGen[slot]++;
        freeSlots[freeSlotCount++] = slot;
        liveBlocks--;
        head[pfn] = TAIL;
        freeBlock(pfn, order);
        return 1 << order;
    }

    private void countUnmovable(int pfn, int order, int delta) {
        pageblockStats.countUnmovable(pfn, order, delta);
    }

    /** Frees everything charged to an owner, page cache included; returns the pages freed. */
    public long freeOwner(int owner) {
        int left = owner >= 0 && owner < ownerSlots.length ? ownerSlots[owner] : 0;
        long freed = 0;
        for (int s = 0; left > 0 && s < slotCount; s++) {
            if (hPfn[s] >= 0 && hOwner[s] == owner) {
                freed += freeSlot(s);
                left--;
            }
        }
        return freed;
    }

    /**
     * Reclaims page cache, oldest first, until at least {@code target} pages are freed or no page
     * cache is left.
     *
     * @return pages freed
     */
    public long reclaim(long target) {
        long freed = 0;
        while (freed < target && lruHead >= 0) {
            int slot = lruHead;
            if (evictionSink != null) {
                evictionSink.evicted(((long) hGen[slot] << 32) | slot, hOwner[slot], 1 << (head[hPfn[slot]] & 0xf));
            }
            freed += freeSlot(slot);
        }
        return freed;
    }

    /** Told of each page-cache allocation reclaim evicts, before it is freed (for shadow entries). */
    @FunctionalInterface
    public interface EvictionSink {
        void evicted(long handle, int owner, int pages);
    }

    /** Sets the one sink told of evictions (null: none). */
    public void onEviction(EvictionSink sink) {
        evictionSink = sink;
    }

    /**
     * A page-cache allocation was used again: it moves to the young end of the LRU, so reclaim,
     * which takes the oldest first, evicts it last (the accessed bit and activation, on one list).
     * Anything else, or a stale handle, is ignored.
     */
    public void touch(long handle) {
        int slot = slotOf(handle);
        if (slot >= 0 && hType[slot] == RECL && slot != lruTail) {
            lruRemove(slot);
            lruAppend(slot);
        }
    }

    /** Pages of page cache (RECLAIMABLE allocations). */
    public long pageCachePages() {
        return usedByType[RECL];
    }

    // ---------------------------------------------------------------- compaction

    /**
     * One compaction pass with Linux's two scanners ({@code compact_zone}), block-granular: the
     * migrate scanner walks up from frame 0 over MOVABLE allocations; the free scanner takes free
     * blocks from the top down (the highest free block able to hold each one, in MOVABLE pageblocks
     * when grouping is on). Each block moves up into it and its old place is freed and coalesced.
     * A block for which no free block above it fits is skipped and the scan carries on (Linux's
     * migrate scanner skips what it cannot isolate or place): once a size finds no room above the
     * migrate scanner, no larger size can, so larger blocks are skipped without a search, and when
     * not even an order-0 block finds room the pass ends. UNMOVABLE and RECLAIMABLE blocks are never
     * moved. The pass ends when the scanners meet (the migrate scanner reaches the lowest place the
     * free scanner has taken), or early when {@code targetOrder >= 0} and a free block of that order
     * exists, or when {@code extfragStop >= 0} and {@code extfrag(9) <= extfragStop}.
     *
     * @param out receives {scanned pages, migrated pages, migrated blocks}
     */
    public void compact(int targetOrder, int extfragStop, long[] out) {
        long scanned = 0, migrated = 0, moves = 0;
        int lt = grouping ? MOV : 0;
        int freeScanner = pages; // lowest frame the free scanner has taken from
        int noRoomOrder = NR_ORDERS; // smallest order that found no free block above the migrate scanner
        int m = 0;
        while (m < freeScanner) {
            int h = head[m];
            if ((m & PAGEBLOCK_MASK) == 0 && movableInPageblock[m >> PAGEBLOCK_ORDER] == 0 && h != TAIL) {
                // No MOVABLE allocation starts in this pageblock: the walk would only step over it
                // (to its end, or the end of the order-10 block starting here), changing nothing
                // and counting the pages it passes as scanned.
                int step = Math.max(1 << PAGEBLOCK_ORDER, 1 << (h & 0xf));
                m += step;
                scanned += step;
                continue;
            }
            if (h == TAIL) {
                m++;
                scanned++;
                continue;
            }
            int o = h & 0xf;
            scanned += 1L << o;
            if (h >= USED && o < noRoomOrder && hType[slotAt[m]] == MOV) {
                int target = -1, targetOrderFound = -1;
                for (int oo = o; oo <= MAX_ORDER; oo++) {
                    int idx = free[lt * NR_ORDERS + oo].last();
                    if (idx >= 0 && (idx << oo) > target) {
                        target = idx << oo;
                        targetOrderFound = oo;
                    }
                }
                if (target < m + (1 << o)) {
                    // no room above for this size, now or later (the scanner only moves up): skip it
                    noRoomOrder = o;
                    if (o == 0) {
                        break;
                    }
                    m += 1 << o;
                    continue;
                }
                removeFree(target, targetOrderFound);
                int to = target;
                for (int hi = targetOrderFound; hi > o; ) {
                    hi--;
                    insertFree(to, hi);
                    to += 1 << hi;
                }
                freeScanner = Math.min(freeScanner, to);
                int slot = slotAt[m];
                head[to] = (byte) (USED | o);
                slotAt[to] = slot;
                hPfn[slot] = to;
                movableInPageblock[m >> PAGEBLOCK_ORDER]--;
                movableInPageblock[to >> PAGEBLOCK_ORDER]++;
                head[m] = TAIL;
                freeBlock(m, o);
                migrated += 1L << o;
                moves++;
                if (targetOrder >= 0 && hasFreeBlock(targetOrder)) {
                    break;
                }
                if (extfragStop >= 0 && Fragmentation.extfrag(nrFree, PAGEBLOCK_ORDER) <= extfragStop) {
                    break;
                }
            }
            m += 1 << o;
        }
        out[0] = scanned;
        out[1] = migrated;
        out[2] = moves;
    }

    // ---------------------------------------------------------------- internals

    private int slotOf(long handle) {
        if (handle < 0) {
            return -1;
        }
        long s = handle & 0xffffffffL;
        if (s >= slotCount) {
            return -1;
        }
        int slot = (int) s;
        return hPfn[slot] >= 0 && hGen[slot] == (int) (handle >>> 32) ? slot : -1;
    }

    int listOf(int pfn) {
        return grouping ? blockType[pfn >> PAGEBLOCK_ORDER] : 0;
    }

    void insertFree(int pfn, int order) {
        int lt = listOf(pfn);
        head[pfn] = (byte) order;
        free[lt * NR_ORDERS + order].add(pfn >> order);
        nonEmpty[lt] |= 1 << order;
        nrFree[order]++;
        nrFreeByList[lt * NR_ORDERS + order]++;
        freePages += 1L << order;
    }

    void removeFree(int pfn, int order) {
        int lt = listOf(pfn);
        BlockSet set = free[lt * NR_ORDERS + order];
        set.remove(pfn >> order);
        if (set.size() == 0) {
            nonEmpty[lt] &= ~(1 << order);
        }
        nrFree[order]--;
        nrFreeByList[lt * NR_ORDERS + order]--;
        freePages -= 1L << order;
        head[pfn] = TAIL;
    }

    void freeBlock(int pfn, int order) {
        while (order < MAX_ORDER) {
            int buddy = pfn ^ (1 << order);
            if (head[buddy] != order) {
                break;
            }
            removeFree(buddy, order);
            pfn &= ~(1 << order);
            order++;
        }
        insertFree(pfn, order);
    }

    private int takeBlock(int order, int t) {
        int lt = grouping ? t : 0;
        int fit = nonEmpty[lt] & (-1 << order);
        if (fit != 0) {
            int o = Integer.numberOfTrailingZeros(fit);
            int pfn = free[lt * NR_ORDERS + o].first() << o;
            removeFree(pfn, o);
            return split(pfn, o, order);
        }
        if (!grouping) {
            return -1;
        }
        for (int o = MAX_ORDER; o >= order; o--) {
            for (int ft : FALLBACK[t]) {
                BlockSet s = free[ft * NR_ORDERS + o];
                if (s.size() > 0) {
                    int pfn = s.first() << o;
                    removeFree(pfn, o);
                    fallbacks++;
                    if (o >= PAGEBLOCK_ORDER / 2 || t != MOV) {
                        claimPageblocks(pfn, o, t);
                    }
                    return split(pfn, o, order);
                }
            }
        }
        return -1;
    }

    /** Changes the mobility of the pageblock(s) under a block and refiles their free blocks. */
    private void claimPageblocks(int pfn, int order, int t) {
        steals++;
        if (order >= PAGEBLOCK_ORDER) {
            for (int pb = pfn >> PAGEBLOCK_ORDER, end = (pfn + (1 << order)) >> PAGEBLOCK_ORDER; pb < end; pb++) {
                blockType[pb] = (byte) t;
            }
            return;
        }
        int start = pfn & ~((1 << PAGEBLOCK_ORDER) - 1), end = start + (1 << PAGEBLOCK_ORDER);
        int old = blockType[start >> PAGEBLOCK_ORDER];
        if (old == t) {
            return;
        }
        for (int p = start; p < end; ) {
            int h = head[p];
            if (h == TAIL) {
                p++; // the taken block itself (already off its list) or its tail
                continue;
            }
            int o = h & 0xf;
            if (h < USED) {
                BlockSet from = free[old * NR_ORDERS + o];
                from.remove(p >> o);
                if (from.size() == 0) {
                    nonEmpty[old] &= ~(1 << o);
                }
                nrFreeByList[old * NR_ORDERS + o]--;
                free[t * NR_ORDERS + o].add(p >> o);
                nonEmpty[t] |= 1 << o;
                nrFreeByList[t * NR_ORDERS + o]++;
            }
            p += 1 << o;
        }
        blockType[start >> PAGEBLOCK_ORDER] = (byte) t;
    }

    private int split(int pfn, int high, int low) {
        while (high > low) {
            high--;
            insertFree(pfn + (1 << high), high);
        }
        return pfn;
    }

    private int newSlot() {
        if (freeSlotCount > 0) {
            return freeSlots[--freeSlotCount];
        }
        if (slotCount == hPfn.length) {
            int cap = hPfn.length * 2;
            hPfn = Arrays.copyOf(hPfn, cap);
            hGen = Arrays.copyOf(hGen, cap);
            hOwner = Arrays.copyOf(hOwner, cap);
            lruNext = Arrays.copyOf(lruNext, cap);
            lruPrev = Arrays.copyOf(lruPrev, cap);
            freeSlots = Arrays.copyOf(freeSlots, cap);
            hType = Arrays.copyOf(hType, cap);
        }
        return slotCount++;
    }

    private void chargeOwner(int owner, long pages) {
        if (owner >= ownerPages.length) {
            ownerPages = Arrays.copyOf(ownerPages, Math.max(owner + 1, ownerPages.length * 2));
        }
        ownerPages[owner] += pages;
    }

    private void lruAppend(int slot) {
        lruNext[slot] = -1;
        lruPrev[slot] = lruTail;
        if (lruTail >= 0) {
            lruNext[lruTail] = slot;
        } else {
            lruHead = slot;
        }
        lruTail = slot;
    }

    private void lruRemove(int slot) {
        int p = lruPrev[slot], n = lruNext[slot];
        if (p >= 0) {
            lruNext[p] = n;
        } else {
            lruHead = n;
        }
        if (n >= 0) {
            lruPrev[n] = p;
        } else {
            lruTail = p;
        }
    }

    // ---------------------------------------------------------------- pageblock statistics

    /**
     * Pageblocks (2 MiB) holding at least one UNMOVABLE page: compaction can never empty them, so
     * {@code pageblocks() - pinnedPageblocks()} bounds how many order-9 blocks compaction could make.
     * {@link #pinnedRegions} at order 9.
     */
    public int pinnedPageblocks() {
        return pinnedRegions(PAGEBLOCK_ORDER);
    }

    /**
     * Naturally aligned regions of {@code 2^order} pages holding at least one UNMOVABLE page
     * (an unmovable block larger than the region pins every region it covers); see
     * {@link PageblockStats#pinnedRegions}. No allocation.
     *
     * @param order 0..{@link #MAX_ORDER}
     */
    public int pinnedRegions(int order) {
        return pageblockStats.pinnedRegions(order);
    }

    /**
     * Naturally aligned order-{@code order} regions that compaction could still assemble into a free
     * block for a new request of that order: the regions free of unmovable pages, less those that
     * live movable allocations of that order or larger (held huge pages, DMA buffers) already fill
     * (a smaller block can sit in the clean part of a pinned region; one as large cannot). Below
     * {@link #PIN_GRAIN_ORDER} the clean regions are counted inside clean order-{@value #PIN_GRAIN_ORDER}
     * regions (a lower bound, without a walk). Negative when the large holders fill more than the
     * clean regions (they sit in regions that have been pinned since). No allocation.
     *
     * @param order 0..{@link #MAX_ORDER}
     */
    public double spareCleanRegions(int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("order must be 0.." + MAX_ORDER + ", got " + order);
        }
        int o = Math.max(order, PIN_GRAIN_ORDER);
        double spare = (double) ((pages >> o) - pinnedRegions(o)) * (1L << (o - order));
        for (int k = order; k <= MAX_ORDER; k++) {
            spare -= movableBlocks[k] * (double) (1L << (k - order));
        }
        return spare;
    }

    /** Live movable allocations of an order. */
    public long movableBlocks(int order) {
        return movableBlocks[order];
    }

    /** {@link #pinnedRegions} by a walk over every block (to check the counters). */
    int walkPinnedRegions(int order) {
        return pageblockStats.walkPinnedRegions(order);
    }

    /** For each owner, the pageblocks in which it holds an UNMOVABLE page; see {@link PageblockStats#pageblocksPinnedByOwner}. */
    public int[] pageblocksPinnedByOwner() {
        return pageblockStats.pageblocksPinnedByOwner();
    }

    /** Pageblocks in the zone. */
    public int pageblocks() {
        return pages >> PAGEBLOCK_ORDER;
    }

    /** Pageblocks holding both MOVABLE and other allocations; see {@link PageblockStats#mixedPageblocks}. */
    public int mixedPageblocks() {
        return pageblockStats.mixedPageblocks();
    }

    // ---------------------------------------------------------------- invariants

    /**
     * Verifies the invariants ({@link BuddyInvariants}): the frames are tiled by blocks that never
     * overlap; every free block is aligned to its order, lies on exactly the list of its pageblock's
     * type, and is not mergeable with a free buddy; counts (free pages, per-order and per-list counts,
     * used pages per type, live handles, page-cache LRU, owner footprints, pinned regions) add up.
     *
     * @return the violations found (at most 20), empty when consistent
     */
    public List<String> check() {
        return BuddyInvariants.check(this);
    }
}
