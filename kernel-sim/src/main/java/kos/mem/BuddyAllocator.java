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
    public static final int COSTLY_ORDER = 3;
    /** The finest region the incremental pinned-region counts track: order 7, 512 KiB. */
    public static final int PIN_GRAIN_ORDER = 7;
    /** Largest zone: 16 GiB. */
    public static final long MAX_PAGES = 1L << 22;

    static final byte TAIL = -1;
    static final int USED = 0x10;
    private static final int NT = 3;
    private static final int UNMOV = Mobility.UNMOVABLE.ordinal(), MOV = Mobility.MOVABLE.ordinal(), RECL = Mobility.RECLAIMABLE.ordinal();
    private static final int[][] FALLBACK = new int[NT][];

    static {
        FALLBACK[UNMOV] = new int[]{RECL, MOV};
        FALLBACK[RECL] = new int[]{UNMOV, MOV};
        FALLBACK[MOV] = new int[]{RECL, UNMOV};
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
    long[] ownerPages = new long[64];
    /**
     * Unmovable allocations overlapping each aligned 2^{@link #PIN_GRAIN_ORDER}-page region, kept on
     * allocate and free (unmovable blocks never move), so the pinned-region counts the crash
     * predictor samples every 100 ms cost a scan of pages/128 counters instead of a walk over every block.
     */
    private final int[] unmovableInRegion;

    /** A zone of {@code pages} 4 KiB pages, a positive multiple of 1024 (4 MiB), at most {@link #MAX_PAGES}. */
    public BuddyAllocator(int pages) {
        if (pages <= 0 || pages % (1 << MAX_ORDER) != 0 || pages > MAX_PAGES) {
            throw new IllegalArgumentException("zone pages must be a positive multiple of 1024 up to " + MAX_PAGES + ": " + pages);
        }
        this.pages = pages;
        head = new byte[pages];
        Arrays.fill(head, TAIL);
        slotAt = new int[pages];
        blockType = new byte[pages >> PAGEBLOCK_ORDER];
        Arrays.fill(blockType, (byte) MOV);
        unmovableInRegion = new int[pages >> PIN_GRAIN_ORDER];
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
                blocks.add(new int[]{pfn, h});
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
        }
        hPfn[slot] = -1;
        hGen[slot]++;
        freeSlots[freeSlotCount++] = slot;
        liveBlocks--;
        head[pfn] = TAIL;
        freeBlock(pfn, order);
        return 1 << order;
    }

    private void countUnmovable(int pfn, int order, int delta) {
        if (order <= PIN_GRAIN_ORDER) { // the usual case: inside one region
            unmovableInRegion[pfn >> PIN_GRAIN_ORDER] += delta;
            return;
        }
        for (int r = pfn >> PIN_GRAIN_ORDER, end = r + (1 << (order - PIN_GRAIN_ORDER)); r < end; r++) {
            unmovableInRegion[r] += delta;
        }
    }

    /** Frees everything charged to an owner, page cache included; returns the pages freed. */
    public long freeOwner(int owner) {
        long freed = 0;
        for (int s = 0; s < slotCount; s++) {
            if (hPfn[s] >= 0 && hOwner[s] == owner) {
                freed += freeSlot(s);
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
            freed += freeSlot(lruHead);
        }
        return freed;
    }

    /** Pages of page cache (RECLAIMABLE allocations). */
    public long pageCachePages() {
        return usedByType[RECL];
    }

    // ---------------------------------------------------------------- compaction

    /**
     * One compaction pass: a migrate scanner walks up from frame 0 over MOVABLE allocations, a
     * free scanner takes the highest free block able to hold each one (in MOVABLE pageblocks when
     * grouping is on); each block moves up and its old place is freed and coalesced. Stops when
     * the scanners meet, or early when {@code targetOrder >= 0} and a free block of that order
     * exists, or when {@code extfragStop >= 0} and {@code extfrag(9) <= extfragStop}.
     *
     * @param out receives {scanned pages, migrated pages, migrated blocks}
     */
    public void compact(int targetOrder, int extfragStop, long[] out) {
        long scanned = 0, migrated = 0, moves = 0;
        int m = 0;
        while (m < pages) {
            int h = head[m];
            if (h == TAIL) {
                m++;
                scanned++;
                continue;
            }
            int o = h & 0xf;
            scanned += 1L << o;
            if (h >= USED && hType[slotAt[m]] == MOV) {
                int target = -1, targetOrderFound = -1;
                int lt = grouping ? MOV : 0;
                for (int oo = o; oo <= MAX_ORDER; oo++) {
                    int idx = free[lt * NR_ORDERS + oo].last();
                    if (idx >= 0 && (idx << oo) > target) {
                        target = idx << oo;
                        targetOrderFound = oo;
                    }
                }
                if (target < m + (1 << o)) {
                    break; // the scanners met
                }
                removeFree(target, targetOrderFound);
                int to = target;
                for (int hi = targetOrderFound; hi > o; ) {
                    hi--;
                    insertFree(to, hi);
                    to += 1 << hi;
                }
                int slot = slotAt[m];
                head[to] = (byte) (USED | o);
                slotAt[to] = slot;
                hPfn[slot] = to;
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

    private int listOf(int pfn) {
        return grouping ? blockType[pfn >> PAGEBLOCK_ORDER] : 0;
    }

    private void insertFree(int pfn, int order) {
        int lt = listOf(pfn);
        head[pfn] = (byte) order;
        free[lt * NR_ORDERS + order].add(pfn >> order);
        nonEmpty[lt] |= 1 << order;
        nrFree[order]++;
        nrFreeByList[lt * NR_ORDERS + order]++;
        freePages += 1L << order;
    }

    private void removeFree(int pfn, int order) {
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

    private void freeBlock(int pfn, int order) {
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
     * (an unmovable block larger than the region pins every region it covers). Compaction can
     * assemble an order-{@code order} block only in the other {@code (pages >> order) - pinnedRegions(order)}
     * regions, so this bounds what high-order requests can still get. From order
     * {@link #PIN_GRAIN_ORDER} up, a scan of incrementally kept counters (pages/128 of them: 512 for
     * 256 MiB); below it a walk over the zone's blocks. No allocation.
     *
     * @param order 0..{@link #MAX_ORDER}
     */
    public int pinnedRegions(int order) {
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
        for (int p = 0; p < pages; ) {
            int h = head[p];
            if (h == TAIL) {
                p++; // a frame outside any block (the zone's ragged end)
                continue;
            }
            int o = h & 0xf;
            if (h >= USED && hType[slotAt[p]] == UNMOV) {
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
    public int[] pageblocksPinnedByOwner() {
        int[] pinned = new int[ownerPages.length];
        int[] lastBlock = new int[ownerPages.length]; // pageblocks are visited in address order
        Arrays.fill(lastBlock, -1);
        for (int p = 0; p < pages; ) {
            int h = head[p];
            if (h == TAIL) {
                p++;
                continue;
            }
            int o = h & 0xf;
            if (h >= USED && hType[slotAt[p]] == UNMOV) {
                int owner = hOwner[slotAt[p]];
                int first = p >> PAGEBLOCK_ORDER, last = (p + (1 << o) - 1) >> PAGEBLOCK_ORDER;
                pinned[owner] += last - Math.max(first, lastBlock[owner] + 1) + 1;
                lastBlock[owner] = last;
            }
            p += 1 << o;
        }
        return pinned;
    }

    /** Pageblocks in the zone. */
    public int pageblocks() {
        return pages >> PAGEBLOCK_ORDER;
    }

    /**
     * Pageblocks that hold both a MOVABLE allocation and an UNMOVABLE or RECLAIMABLE one: the
     * pollution that grouping by mobility exists to prevent (such a pageblock can never be fully
     * freed by compaction). A scan of the zone: for reports, not hot paths.
     */
    public int mixedPageblocks() {
        int mixed = 0;
        int pbPages = 1 << PAGEBLOCK_ORDER;
        for (int start = 0; start < pages; start += pbPages) {
            boolean movable = false, other = false;
            for (int p = start; p < start + pbPages; ) {
                int h = head[p];
                if (h == TAIL) {
                    break; // inside a block larger than a pageblock: one type only
                }
                int o = h & 0xf;
                if (h >= USED) {
                    if (hType[slotAt[p]] == MOV) {
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

    // ---------------------------------------------------------------- invariants

    /**
     * Verifies the invariants: the frames are tiled by blocks that never overlap; every free block
     * is aligned to its order, lies on exactly the list of its pageblock's type, and is not
     * mergeable with a free buddy; counts (free pages, per-order and per-list counts, used pages per
     * type, live handles, page-cache LRU, owner footprints) add up.
     *
     * @return the violations found (at most 20), empty when consistent
     */
    public List<String> check() {
        List<String> v = new ArrayList<>();
        long freeSum = 0;
        long[] perOrder = new long[NR_ORDERS], perList = new long[NT * NR_ORDERS], used = new long[NT];
        int blocks = 0;
        long[] owners = new long[ownerPages.length];
        for (int pfn = 0; pfn < pages && v.size() < 20; ) {
            int h = head[pfn];
            if (h == TAIL) {
                v.add("frame " + pfn + " lies in no block (or blocks overlap)");
                pfn++;
                continue;
            }
            int o = h & 0xf;
            if (o > MAX_ORDER || (pfn & ((1 << o) - 1)) != 0 || pfn + (1 << o) > pages) {
                v.add("block at " + pfn + " of order " + o + " is misaligned or out of the zone");
                pfn++;
                continue;
            }
            for (int p = pfn + 1; p < pfn + (1 << o); p++) {
                if (head[p] != TAIL) {
                    v.add("block at " + p + " overlaps the order-" + o + " block at " + pfn);
                    break;
                }
            }
            if (h < USED) {
                freeSum += 1L << o;
                perOrder[o]++;
                int lt = listOf(pfn);
                perList[lt * NR_ORDERS + o]++;
                if (!free[lt * NR_ORDERS + o].contains(pfn >> o)) {
                    v.add("free block at " + pfn + " (order " + o + ") is not on its free list");
                }
                int buddy = pfn ^ (1 << o);
                if (o < MAX_ORDER && head[buddy] == o) {
                    v.add("free block at " + pfn + " and its buddy at " + buddy + " (order " + o + ") were not merged");
                }
            } else {
                int s = slotAt[pfn];
                if (s < 0 || s >= slotCount || hPfn[s] != pfn) {
                    v.add("allocated block at " + pfn + " has no handle");
                } else {
                    used[hType[s]] += 1L << o;
                    if (hType[s] != RECL) {
                        owners[hOwner[s]] += 1L << o;
                    }
                    blocks++;
                }
            }
            pfn += 1 << o;
        }
        if (freeSum != freePages) {
            v.add("free pages counted " + freePages + " but blocks hold " + freeSum);
        }
        for (int o = 0; o < NR_ORDERS; o++) {
            if (perOrder[o] != nrFree[o]) {
                v.add("order " + o + ": " + nrFree[o] + " free blocks counted, " + perOrder[o] + " found");
            }
        }
        for (int i = 0; i < NT * NR_ORDERS; i++) {
            if (perList[i] != nrFreeByList[i] || perList[i] != free[i].size()) {
                v.add("free list " + Mobility.VALUES[i / NR_ORDERS].label() + "/" + (i % NR_ORDERS) + " holds "
                        + free[i].size() + ", counted " + nrFreeByList[i] + ", found " + perList[i]);
            }
        }
        for (int i = 0; i < NT * NR_ORDERS; i++) {
            boolean bit = (nonEmpty[i / NR_ORDERS] & (1 << (i % NR_ORDERS))) != 0;
            if (bit != (free[i].size() > 0)) {
                v.add("non-empty mask of list " + Mobility.VALUES[i / NR_ORDERS].label() + "/" + (i % NR_ORDERS) + " is wrong");
            }
        }
        for (int t = 0; t < NT; t++) {
            if (used[t] != usedByType[t]) {
                v.add(Mobility.VALUES[t].label() + " pages counted " + usedByType[t] + ", found " + used[t]);
            }
        }
        if (freeSum + used[0] + used[1] + used[2] != pages) {
            v.add("free and used pages do not add up to the zone");
        }
        if (blocks != liveBlocks || slotCount - freeSlotCount != liveBlocks) {
            v.add("live handles counted " + liveBlocks + ", found " + blocks);
        }
        long lru = 0;
        int steps = 0;
        for (int s = lruHead; s >= 0 && steps <= slotCount; s = lruNext[s], steps++) { // bounded: a cycle is a violation too
            if (hPfn[s] < 0 || hType[s] != RECL) {
                v.add("page-cache LRU links a slot that is not live page cache: " + s);
                break;
            }
            lru += 1L << (head[hPfn[s]] & 0xf);
        }
        if (lru != usedByType[RECL]) {
            v.add("page-cache LRU holds " + lru + " pages, counted " + usedByType[RECL]);
        }
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] != ownerPages[i]) {
                v.add("owner " + i + " footprint counted " + ownerPages[i] + ", found " + owners[i]);
                break;
            }
        }
        for (int order = PIN_GRAIN_ORDER; order <= MAX_ORDER; order++) {
            if (pinnedRegions(order) != walkPinnedRegions(order)) {
                v.add("order-" + order + " pinned regions counted " + pinnedRegions(order) + ", found " + walkPinnedRegions(order));
            }
        }
        return v.size() > 20 ? v.subList(0, 20) : v;
    }
}
