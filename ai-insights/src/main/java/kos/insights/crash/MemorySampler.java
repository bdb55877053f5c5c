package kos.insights.crash;

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

    /** @param watchedOrder the order whose unusable free space index the predictor watches (0..10) */
    public MemorySampler(PhysicalMemory mem, int watchedOrder) {
        if (watchedOrder < 0 || watchedOrder > 10) {
            throw new kos.sim.KosException("watched order must be 0..10, got " + watchedOrder);
        }
        this.mem = mem;
        this.watchedOrder = watchedOrder;
        MemorySnapshot s = mem.snapshot();
        lastFailures = s.allocFailures();
        lastStall = s.stallNs();
        lastReclaimed = s.reclaimedPages();
        lastCompactions = s.compactions();
    }

    private double pinnedShare(int order) {
        return mem.zone().pinnedRegions(order) / (double) (mem.zone().pages() >> order);
    }

    public MemorySample sample() {
        MemorySnapshot s = mem.snapshot();
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
                pinnedShare(7));
        lastFailures = s.allocFailures();
        lastStall = s.stallNs();
        lastReclaimed = s.reclaimedPages();
        lastCompactions = s.compactions();
        return m;
    }
}
