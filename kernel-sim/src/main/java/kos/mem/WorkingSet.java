package kos.mem;

import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.WorkloadParams;

import java.util.Arrays;

/**
 * File reads over a working set of {@code --size} bytes of file pages, chosen uniformly at random,
 * at {@code --rate}: the page cache that Linux's workingset code protects. A read of a resident page
 * is a hit (the page moves to the young end of the LRU, nothing else happens). A miss reads the page
 * into a new page-cache page; when the page was evicted before, its shadow entry gives the refault
 * distance (evictions since then, on {@link PhysicalMemory#nonresidentAge()}). A distance of at most
 * the page cache's size means the working set did not fit the memory left to it: a workingset
 * refault, whose read is a memory stall (PSI some/full), as Linux accounts the read of a thrashing
 * page. Other misses (first reads, long distances) wait for I/O without stalling on memory.
 */
final class WorkingSet extends MemoryWorkload {
    /** Reads per step. */
    private static final int BATCH = 16;
    private final double rate;
    private final int filePages;
    /** Resident page's handle, or -1. */
    private final long[] handleOf;
    /** Non-resident age when the page was evicted (its shadow entry), or -1 when it never was. */
    private final long[] evictedAt;
    /** Working-set page of each allocator slot we hold (slots are reused, so the handle is checked). */
    private int[] pageBySlot = new int[1024];
    private long reads, hits, refaults, workingsetRefaults;

    WorkingSet(Simulation sim, PhysicalMemory mem, WorkloadParams p) {
        super("working-set", sim, mem, p);
        rate = MemoryWorkloads.positiveRate(p, 32 * Quantities.MIB);
        long bytes = MemoryWorkloads.positiveSize(p, "size", 64 * Quantities.MIB);
        filePages = (int) Math.min(Integer.MAX_VALUE / 2, Math.max(1, bytes / BuddyAllocator.PAGE_SIZE));
        handleOf = new long[filePages];
        evictedAt = new long[filePages];
        Arrays.fill(handleOf, -1);
        Arrays.fill(evictedAt, -1);
    }

    @Override
    protected void started() {
        mem.addEvictionListener(pid, this::evicted);
    }

    private void evicted(long handle, long age) {
        int slot = (int) handle;
        if (slot >= pageBySlot.length) {
            return;
        }
        int page = pageBySlot[slot];
        if (page >= 0 && page < filePages && handleOf[page] == handle) {
            handleOf[page] = -1;
            evictedAt[page] = age;
        }
    }

    @Override
    protected long step(Simulation sim) {
        long memoryStall = 0, ioWait = 0;
        for (int i = 0; i < BATCH; i++) {
            int page = random.nextInt(filePages);
            reads++;
            long h = handleOf[page];
            if (h >= 0 && mem.zone().isLive(h)) {
                hits++;
                mem.zone().touch(h);
                continue;
            }
            boolean workingset = false;
            if (evictedAt[page] >= 0) {
                refaults++;
                long distance = mem.nonresidentAge() - evictedAt[page];
                workingset = distance <= mem.zone().pageCachePages();
                evictedAt[page] = -1;
            }
            h = alloc(0, Mobility.RECLAIMABLE);
            if (h < 0) {
                break;
            }
            handleOf[page] = h;
            int slot = (int) h;
            if (slot >= pageBySlot.length) {
                int old = pageBySlot.length;
                pageBySlot = Arrays.copyOf(pageBySlot, Math.max(slot + 1, old * 2));
                Arrays.fill(pageBySlot, old, pageBySlot.length, -1);
            }
            pageBySlot[slot] = page;
            if (workingset) {
                workingsetRefaults++;
                memoryStall += PhysicalMemory.PAGE_READ_NS;
            } else {
                ioWait += PhysicalMemory.PAGE_READ_NS;
            }
        }
        // the thrashing reads first, then the others: one task does one thing at a time
        if (memoryStall > 0) {
            mem.accountRefaultStall(pid, memoryStall, (int) (memoryStall / PhysicalMemory.PAGE_READ_NS));
        }
        if (ioWait > 0) {
            mem.accountIoWait(pid, memoryStall, ioWait);
        }
        stepStallNs += memoryStall + ioWait;
        return MemoryWorkloads.interval(0, rate) * BATCH;
    }

    @Override
    protected String describeRunning() {
        return "working-set " + Quantities.formatBytes((long) filePages * BuddyAllocator.PAGE_SIZE) + " read at "
                + Quantities.formatBytes((long) rate) + "/s, " + ownerText() + ", " + reads + " reads, "
                + (reads == 0 ? 0 : hits * 100 / reads) + "% hits, " + refaults + " refaults (" + workingsetRefaults + " workingset)";
    }
}
