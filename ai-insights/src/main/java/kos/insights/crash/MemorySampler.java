package kos.insights.crash;

import kos.mem.BuddyAllocator;
import kos.mem.CompactionResult;
import kos.mem.MemoryObserver;
import kos.mem.MemorySnapshot;
import kos.mem.PhysicalMemory;

/**
 * Reads a {@link MemorySample} from the simulated memory: the snapshot's levels as they are, its
 * cumulative counters turned into deltas since the previous sample, and the unusable free space
 * index at the watched order.
 */
public final class MemorySampler {
    private final PhysicalMemory mem;
    private final int watchedOrder;
    private long lastFailures, lastStall, lastReclaimed, lastCompactions;
    /**
     * How long a direct compaction's order counts as demand: a request of that order found no free
     * block (Linux's compact_stall, whose tracepoint carries the order). The autonomy loop uses the same.
     */
    public static final long DEMAND_MEMORY_NS = 30_000_000_000L;
    /** Per order: virtual time of the last direct compaction for a request of that order; -1: none. */
    private final long[] lastDemandNs = new long[BuddyAllocator.MAX_ORDER + 1];

    /** @param watchedOrder the order whose unusable free space index the predictor watches (0..10) */
    public MemorySampler(PhysicalMemory mem, int watchedOrder) {
        if (watchedOrder < 0 || watchedOrder > 10) {
            throw new kos.sim.KosException("watched order must be 0..10, got " + watchedOrder);
        }
        this.mem = mem;
        this.watchedOrder = watchedOrder;
        java.util.Arrays.fill(lastDemandNs, -1);
        mem.addObserver(new MemoryObserver() {
            @Override
            public void onCompaction(long timeNs, CompactionResult result) {
                if (result.kind().equals("direct") && result.order() >= 0 && result.order() < lastDemandNs.length) {
                    lastDemandNs[result.order()] = timeNs;
                }
            }
        });
        MemorySnapshot s = mem.snapshot();
        lastFailures = s.allocFailures();
        lastStall = s.stallNs();
        lastReclaimed = s.reclaimedPages();
        lastCompactions = s.compactions();
    }

    private double pinnedShare(int order) {
        return mem.zone().pinnedRegions(order) / (double) (mem.zone().pages() >> order);
    }

    /** The highest order that needed direct compaction within {@link #DEMAND_MEMORY_NS} of {@code nowNs}; -1: none. */
    private int demandedOrder(long nowNs) {
        for (int o = lastDemandNs.length - 1; o >= 0; o--) {
            if (lastDemandNs[o] >= 0 && nowNs - lastDemandNs[o] <= DEMAND_MEMORY_NS) {
                return o;
            }
        }
        return -1;
    }

    public MemorySample sample() {
        MemorySnapshot s = mem.snapshot();
        int demanded = demandedOrder(s.timeNs());
        MemorySample m = new MemorySample(
                s.timeNs(),
                s.totalPages(),
                s.freePages(),
                s.pageCachePages(),
                mem.watermarks().min(),
                mem.watermarks().low(),
                s.largestFreeOrder(),
                watchedOrder == 9 ? s.unusableIndex9() : mem.unusableIndex(watchedOrder),
                s.allocFailures() - lastFailures,
                s.stallNs() - lastStall,
                s.reclaimedPages() - lastReclaimed,
                s.compactions() - lastCompactions,
                s.psiSomeAvg10(),
                s.psiFullAvg10(),
                pinnedShare(9),
                pinnedShare(8),
                pinnedShare(7),
                demanded,
                demanded < 0 ? Double.POSITIVE_INFINITY : mem.zone().spareCleanRegions(demanded),
                s.swapTotalPages(),
                s.swapFreePages());
        lastFailures = s.allocFailures();
        lastStall = s.stallNs();
        lastReclaimed = s.reclaimedPages();
        lastCompactions = s.compactions();
        return m;
    }
}
