package kos.mem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A swap device for anonymous memory ({@code mem init --swap SIZE}): the bookkeeping of what
 * {@link PhysicalMemory} swapped out. Anonymous memory is a MOVABLE allocation below order
 * {@link #MAX_SWAP_ORDER} (larger MOVABLE blocks stand for huge pages and DMA buffers here, which
 * are not swapped). Allocated anonymous blocks sit on one LRU (allocation, and each access by
 * {@link PhysicalMemory#access}, moves a block to the young end); swap-out takes the oldest,
 * writes it to swap slots and frees its frames. Its handle stays the owner's: freeing it releases
 * the slots, and an access reads it back (swap-in, a memory stall) into a new block.
 *
 * <p>Not thread-safe: it lives on the simulation thread.
 */
public final class Swap {
    /** Anonymous blocks are the MOVABLE ones below this order (512 KiB). */
    public static final int MAX_SWAP_ORDER = BuddyAllocator.PIN_GRAIN_ORDER;
    /** Linux's default vm.swappiness. */
    public static final int DEFAULT_SWAPPINESS = 60;

    private final long totalPages;
    private final int swappiness;
    private long usedPages, swapOutPages, swapInPages;
    /** Resident anonymous blocks, oldest first. */
    private final LinkedHashSet<Long> lru = new LinkedHashSet<>();
    /** Swapped-out blocks by the handle their owner holds: {owner, order}. */
    private final HashMap<Long, int[]> swapped = new HashMap<>();

    private long[] ownerSwapPages = new long[64];

    Swap(long totalPages, int swappiness) {
        this.totalPages = totalPages;
        this.swappiness = swappiness;
    }

    public long totalPages() {
        return totalPages;
    }

    public long usedPages() {
        return usedPages;
    }

    public long freePages() {
        return totalPages - usedPages;
    }

    public int swappiness() {
        return swappiness;
    }

    /** Pages written to swap so far (Linux's pswpout). */
    public long swapOutPages() {
        return swapOutPages;
    }

    /** Pages read back from swap so far (Linux's pswpin). */
    public long swapInPages() {
        return swapInPages;
    }

    /** Pages of an owner that are in swap (part of its OOM footprint, as oom_badness counts swap entries). */
    public long ownerPages(int owner) {
        return owner >= 0 && owner < ownerSwapPages.length ? ownerSwapPages[owner] : 0;
    }

    static boolean anonymous(Mobility type, int order) {
        return type == Mobility.MOVABLE && order < MAX_SWAP_ORDER;
    }

    /** A resident anonymous block was allocated or accessed: it moves to the young end. */
    void used(long handle) {
        lru.remove(handle);
        lru.add(handle);
    }

    /** A resident block was freed. */
    void forget(long handle) {
        lru.remove(handle);
    }

    boolean isSwapped(long handle) {
        return swapped.containsKey(handle);
    }

    /**
     * The oldest resident anonymous block that still exists and fits the free slots, dropping stale
     * entries on the way; -1 when there is none (nothing anonymous, or swap is full).
     */
    long oldest(BuddyAllocator zone) {
        Iterator<Long> it = lru.iterator();
        while (it.hasNext()) {
            long h = it.next();
            int order = zone.orderOf(h);
            if (order < 0) {
                it.remove(); // freed with its owner
                continue;
            }
            return (1L << order) <= freePages() ? h : -1;
        }
        return -1;
    }

    /** Records a block as written out (its frames are freed by the caller). */
    void swappedOut(long handle, int owner, int order) {
        lru.remove(handle);
        swapped.put(handle, new int[] {owner, order});
        long pages = 1L << order;
        usedPages += pages;
        swapOutPages += pages;
        if (owner >= ownerSwapPages.length) {
            ownerSwapPages = java.util.Arrays.copyOf(ownerSwapPages, Math.max(owner + 1, ownerSwapPages.length * 2));
        }
        ownerSwapPages[owner] += pages;
    }

    /** The order of a swapped-out block, or -1. */
    int swappedOrder(long handle) {
        int[] e = swapped.get(handle);
        return e == null ? -1 : e[1];
    }

    /**
     * Releases a swapped-out block's slots: it was freed ({@code readBack} false) or read back into
     * memory. Returns its pages, 0 when the handle is not in swap.
     */
    long release(long handle, boolean readBack) {
        int[] e = swapped.remove(handle);
        if (e == null) {
            return 0;
        }
        long pages = 1L << e[1];
        usedPages -= pages;
        ownerSwapPages[e[0]] -= pages;
        if (readBack) {
            swapInPages += pages;
        }
        return pages;
    }

    /** Releases everything an owner has in swap (it exited); returns the pages. */
    long releaseOwner(int owner) {
        if (ownerPages(owner) == 0) {
            return 0;
        }
        List<Long> mine = new ArrayList<>();
        for (Map.Entry<Long, int[]> e : swapped.entrySet()) {
            if (e.getValue()[0] == owner) {
                mine.add(e.getKey());
            }
        }
        long pages = 0;
        for (long h : mine) {
            pages += release(h, false);
        }
        return pages;
    }

    /** Violations of the bookkeeping (the used count against the entries, per owner); empty when sound. */
    List<String> check() {
        List<String> v = new ArrayList<>();
        long sum = 0;
        long[] owners = new long[ownerSwapPages.length];
        for (int[] e : swapped.values()) {
            sum += 1L << e[1];
            owners[e[0]] += 1L << e[1];
        }
        if (sum != usedPages) {
            v.add("swap used counted " + usedPages + " pages, entries hold " + sum);
        }
        if (usedPages < 0 || usedPages > totalPages) {
            v.add("swap used " + usedPages + " outside 0.." + totalPages);
        }
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] != ownerSwapPages[i]) {
                v.add("owner " + i + " swap counted " + ownerSwapPages[i] + ", entries hold " + owners[i]);
            }
        }
        return v;
    }
}
