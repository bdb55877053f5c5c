package kos.insights.crash;

/**
 * What the crash predictor sees of the memory at one sampling instant (every 100 ms of simulated
 * time by default). Page counts are 4 KiB pages; deltas are since the previous sample.
 *
 * @param timeNs             virtual time of the sample
 * @param totalPages         pages in the zone
 * @param freePages          free pages
 * @param cachePages         page-cache pages (reclaimable)
 * @param minWatermark       the zone's MIN watermark in pages
 * @param lowWatermark       the zone's LOW watermark in pages
 * @param largestFreeOrder   order of the largest free block, -1 when nothing is free
 * @param unusableIndex      Linux's unusable free space index at the watched order, 0..1000
 * @param allocFailures      allocations that failed outright since the previous sample
 * @param stallNs            allocation stall time (direct reclaim/compaction/blocked) since the previous sample
 * @param reclaimedPages     pages reclaimed (background and direct) since the previous sample
 * @param compactions        compaction passes since the previous sample
 * @param psiSomeAvg10       memory PSI "some" avg10, percent
 * @param psiFullAvg10       memory PSI "full" avg10, percent
 * @param pinnedPageblocks   fraction of pageblocks (order 9, 2 MiB) holding an unmovable page (compaction cannot empty them), 0..1
 * @param pinnedHalfPageblocks    the same for the aligned order-8 (1 MiB) regions
 * @param pinnedQuarterPageblocks the same for the aligned order-7 (512 KiB) regions
 * @param demandedOrder      the highest order a request needed direct compaction for (found no free block of
 *                           its order) in the last {@link MemorySampler#DEMAND_MEMORY_NS}; -1 when none did
 * @param spareRegions       at the demanded order: regions compaction could still assemble for a new request
 *                           ({@code BuddyAllocator.spareCleanRegions}); +infinity when nothing is demanded
 * @param swapTotalPages     size of the swap device, 0 without swap
 * @param swapFreePages      free swap slots
 */
public record MemorySample(
        long timeNs,
        long totalPages,
        long freePages,
        long cachePages,
        long minWatermark,
        long lowWatermark,
        int largestFreeOrder,
        int unusableIndex,
        long allocFailures,
        long stallNs,
        long reclaimedPages,
        long compactions,
        double psiSomeAvg10,
        double psiFullAvg10,
        double pinnedPageblocks,
        double pinnedHalfPageblocks,
        double pinnedQuarterPageblocks,
        int demandedOrder,
        double spareRegions,
        long swapTotalPages,
        long swapFreePages) {

    /**
     * Free memory, reclaimable page cache and free swap: what allocations could still get without
     * killing anyone (anonymous memory can go to the free swap slots). Without swap: free plus cache.
     */
    public long availablePages() {
        return freePages + cachePages + swapFreePages;
    }

    /** Memory and swap together: what {@link #availablePages()} is a part of (the zone without swap). */
    public long capacityPages() {
        return totalPages + swapTotalPages;
    }
}
