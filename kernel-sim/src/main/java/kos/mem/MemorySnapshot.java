package kos.mem;

/**
 * A cheap sample of the memory's state (no per-order arrays), as the crash predictor reads it
 * every 100 ms. Pages are 4 KiB.
 *
 * @param timeNs           virtual time of the sample
 * @param totalPages       zone size
 * @param freePages        free pages
 * @param pageCachePages   reclaimable (page-cache) pages
 * @param movablePages     pages of MOVABLE allocations
 * @param unmovablePages   pages of UNMOVABLE allocations
 * @param largestFreeOrder highest order with a free block, -1 if none
 * @param unusableIndex9   unusable free space index at order 9 (x1000)
 * @param fragIndex9       fragmentation index at order 9 (x1000, -1000 when a block is free)
 * @param allocFailures    allocations that failed after reclaim and compaction, cumulative
 * @param stallNs          allocation stall time summed over tasks, cumulative
 * @param reclaimedPages   pages freed by reclaim (direct, kswapd, manual), cumulative
 * @param directReclaims   direct reclaim passes, cumulative
 * @param compactions      compaction passes of all kinds, cumulative
 * @param migratedPages    pages moved by compaction, cumulative
 * @param oomEvents        OOM events, cumulative
 * @param psiSomeAvg10     memory PSI "some" avg10 in percent
 * @param psiFullAvg10     memory PSI "full" avg10 in percent
 * @param workingsetRefaults evicted page-cache pages read again within a refault distance of the cache's size, cumulative
 * @param refaultStallNs   memory stall of those reads (thrashing), cumulative
 * @param swapTotalPages   swap device size, 0 without swap
 * @param swapFreePages    free swap slots
 * @param swapOutPages     pages written to swap, cumulative (pswpout)
 * @param swapInPages      pages read back from swap, cumulative (pswpin)
 */
public record MemorySnapshot(
        long timeNs,
        long totalPages,
        long freePages,
        long pageCachePages,
        long movablePages,
        long unmovablePages,
        int largestFreeOrder,
        int unusableIndex9,
        int fragIndex9,
        long allocFailures,
        long stallNs,
        long reclaimedPages,
        long directReclaims,
        long compactions,
        long migratedPages,
        long oomEvents,
        double psiSomeAvg10,
        double psiFullAvg10,
        long workingsetRefaults,
        long refaultStallNs,
        long swapTotalPages,
        long swapFreePages,
        long swapOutPages,
        long swapInPages) {}
