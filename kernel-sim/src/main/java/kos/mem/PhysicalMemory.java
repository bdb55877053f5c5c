package kos.mem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kos.sim.EventTarget;
import kos.sim.KosException;
import kos.sim.ProcessTable;
import kos.sim.Quantities;
import kos.sim.RandomStreams;
import kos.sim.Simulation;
import kos.sim.TraceKind;
import org.HdrHistogram.Histogram;

/**
 * The simulated physical memory of a {@link Simulation}: one zone ({@link BuddyAllocator}) with
 * Linux's watermarks, background reclaim (kswapd), direct reclaim and compaction charged as stall
 * time to the allocating process, proactive compaction (kcompactd), the OOM policy and memory PSI.
 * Installed with {@link #install}; found by others with {@code sim.find(PhysicalMemory.class)}.
 *
 * <p><b>Allocation path.</b> An allocation that keeps {@code free - 2^order > MIN} and finds a block
 * succeeds at once. Otherwise the slow path loops: direct reclaim frees page cache (in multiples of
 * 32 pages, SWAP_CLUSTER_MAX) until the watermark holds; for order > 0 with no block, direct
 * compaction runs when it can help (always for order <= 3; for costly orders only when the
 * fragmentation index exceeds 500), and then {@code 2 << order} pages of page cache are reclaimed
 * before the next round. After {@value #MAX_RECLAIM_RETRIES} rounds in a row without progress
 * (nothing reclaimed, nothing migrated) the allocation fails: an OOM event: policy
 * {@code panic} crashes the simulation, {@code kill} kills the live process with the largest
 * footprint (lowest pid on ties), frees its memory and retries once. Every success that leaves
 * {@code free <= LOW} wakes kswapd, which reclaims in the background until {@code free >= HIGH}.
 *
 * <p><b>Costs</b> (simulated, documented in docs/memory.md): direct reclaim {@value #RECLAIM_ENTRY_NS} ns per
 * pass plus {@value #RECLAIM_NS_PER_PAGE} ns per freed page, and {@value #FUTILE_RECLAIM_NS} ns when there is
 * nothing to reclaim (the scan of anonymous memory without swap); compaction
 * {@value #COMPACT_SCAN_NS_PER_PAGE} ns per scanned and {@value #MIGRATE_NS_PER_PAGE} ns per migrated page.
 *
 * <p>Not thread-safe: everything runs on the simulation thread.
 */
public final class PhysicalMemory implements EventTarget {
    public static final long DEFAULT_BYTES = 512 * Quantities.MIB;
    public static final long RECLAIM_ENTRY_NS = 20_000;
    public static final long RECLAIM_NS_PER_PAGE = 2_000;
    public static final long FUTILE_RECLAIM_NS = 2_000_000;
    public static final long COMPACT_SCAN_NS_PER_PAGE = 20;
    public static final long MIGRATE_NS_PER_PAGE = 3_000;
    public static final long KCOMPACTD_PERIOD_NS = 500_000_000L;
    public static final int SWAP_CLUSTER_MAX = 32;
    /** A 4 KiB file page read from storage (a random SSD read): what a page-cache miss waits. */
    public static final long PAGE_READ_NS = 100_000;
    /** Writing one anonymous page to swap during reclaim (an SSD write; Linux waits for it in direct reclaim under pressure). */
    public static final long SWAP_WRITE_NS_PER_PAGE = 10_000;
    /** Largest swap device: 64 GiB. */
    public static final long MAX_SWAP_BYTES = 64L << 30;
    /** Direct reclaim/compaction rounds without progress before an OOM event (as the kernel's). */
    public static final int MAX_RECLAIM_RETRIES = 16;

    public static final int KSWAPD_BATCH = 1024;
    public static final int PROACTIVE_START = 90, PROACTIVE_STOP = 80;

    private static final TraceKind ALLOC = TraceKind.of("mem.alloc", "pid", "order_type", "handle");
    private static final TraceKind FREE = TraceKind.of("mem.free", "handle", "pages");
    private static final TraceKind FAIL = TraceKind.of("mem.fail", "pid", "order", "type");
    private static final TraceKind RECLAIM = TraceKind.of("mem.reclaim", "kind", "freed", "cost_ns");
    private static final TraceKind COMPACT = TraceKind.of("mem.compact", "kind", "migrated", "cost_ns");
    private static final TraceKind OOM = TraceKind.of("mem.oom", "pid", "order", "cause");
    private static final TraceKind KILL = TraceKind.of("mem.oom_kill", "victim", "pages");
    private static final TraceKind SWAP = TraceKind.of("mem.swap", "pid", "in_pages", "out_pages");
    private static final int EV_KSWAPD = 1;
    /**
     * What started a reclaim or compaction: its name (in the results) and the trace's id of it
     * ({@code fnv1a64} of the name), hashed once rather than per record.
     */
    private record Trigger(String name, long id) {
        Trigger(String name) {
            this(name, RandomStreams.fnv1a64(name));
        }
    }

    private static final Trigger DIRECT = new Trigger("direct"),
            KSWAPD = new Trigger("kswapd"),
            MANUAL = new Trigger("manual"),
            PROACTIVE = new Trigger("proactive");

    private final Simulation sim;
    private final BuddyAllocator zone;
    private final Watermarks watermarks;
    private final List<MemoryObserver> observers = new ArrayList<>();
    private final long[] compactOut = new long[3];
    private final long[] nrFreeScratch = new long[BuddyAllocator.NR_ORDERS];
    private final long[] allocOk = new long[BuddyAllocator.NR_ORDERS], allocFail = new long[BuddyAllocator.NR_ORDERS];
    private static final long MAX_RECORDED_STALL_NS = 60_000_000_000L;
    /** Stalls of the allocations that stalled (the fast path is counted by allocOk/allocFail). */
    private final Histogram stalledAllocations = new Histogram(1, MAX_RECORDED_STALL_NS, 3);

    private final Psi psiSome = new Psi(), psiFull = new Psi();
    private OomPolicy oomPolicy = OomPolicy.PANIC;
    /** The swap device, or null without swap (the default). */
    private Swap swap;

    private long swapInStallNs;
    /** Virtual time of the last workingset refault (-1: none): the page cache is thrashing while recent. */
    private long lastRefaultNs = -1;
    /** How long after a workingset refault reclaim counts the page cache as thrashing. */
    public static final long FILE_THRASHING_NS = 1_000_000_000L;

    private boolean proactive;
    private boolean kswapdRunning;
    private long lastStallNs;
    private long shellPid = -1;
    private long reclaimBoost;
    private int workloadSeq;
    private final Map<String, Long> workloadStarts = new java.util.TreeMap<>();

    // counters
    private long failures, stallNs, reclaimedPages, directReclaims, kswapdRuns, manualReclaims;
    private long compactions, directCompactions, proactiveCompactions, compactionsSkipped, migratedPages;
    private long oomEvents, oomKills, oomPanics;

    // PSI accounting: union of stall intervals since the last period boundary; busyUntil is the end
    // of the latest non-memory wait (file I/O), during which some task is non-idle without a memory stall
    private long someUntil, fullUntil, fullFrom, busyUntil, accountedTo, someNs, fullNs, periodSome, periodFull;
    // workingset: the non-resident age clock (pages evicted so far), refaults, their stall
    private long nonresidentAge, workingsetRefaults, refaultStallNs;
    private final List<long[]> evictionOwners = new ArrayList<>();
    private final List<EvictionListener> evictionListeners = new ArrayList<>();

    /** Told of the eviction of a page-cache allocation of its owner: the handle and the non-resident age after it. */
    @FunctionalInterface
    interface EvictionListener {
        void evicted(long handle, long age);
    }

    PhysicalMemory(Simulation sim, long bytes) {
        this.sim = sim;
        this.zone = new BuddyAllocator((int) (bytes / BuddyAllocator.PAGE_SIZE));
        this.watermarks = Watermarks.forZone(zone.pages());
        zone.onEviction(this::evicted);
    }

    /** Linux's workingset_eviction: the clock advances by the pages evicted, the shadow entry keeps its value. */
    private void evicted(long handle, int owner, int pages) {
        nonresidentAge += pages;
        for (int i = 0; i < evictionOwners.size(); i++) {
            if (evictionOwners.get(i)[0] == owner) {
                evictionListeners.get(i).evicted(handle, nonresidentAge);
            }
        }
    }

    void addEvictionListener(long owner, EvictionListener l) {
        evictionOwners.add(new long[] {owner});
        evictionListeners.add(l);
    }

    /** Pages of page cache evicted so far: the clock refault distances are measured on. */
    public long nonresidentAge() {
        return nonresidentAge;
    }

    /** Workingset refaults so far: evicted pages read again within a refault distance of the cache's size. */
    public long workingsetRefaults() {
        return workingsetRefaults;
    }

    /**
     * Creates the memory of {@code bytes} (a multiple of 4 MiB, 4 MiB..16 GiB), installs it in the
     * simulation, registers the memory workloads and the exit listener that frees a process's
     * memory, and starts kcompactd and the PSI averaging.
     */
    public static PhysicalMemory install(Simulation sim, long bytes) {
        if (sim.find(PhysicalMemory.class).isPresent()) {
            throw new KosException("memory is already initialised; use 'sim reset' to start over");
        }
        long unit = BuddyAllocator.PAGE_SIZE << BuddyAllocator.MAX_ORDER;
        if (bytes < unit || bytes > BuddyAllocator.MAX_PAGES * BuddyAllocator.PAGE_SIZE || bytes % unit != 0) {
            throw new KosException("memory size " + Quantities.formatBytes(bytes)
                    + " is not supported: expected a multiple of 4MiB from 4MiB to 16GiB");
        }
        PhysicalMemory mem = new PhysicalMemory(sim, bytes);
        sim.install(PhysicalMemory.class, mem);
        sim.processes().addExitListener(mem::onProcessExit);
        MemoryWorkloads.registerAll(sim, mem);
        sim.every(KCOMPACTD_PERIOD_NS, s -> mem.kcompactd());
        sim.every(Psi.PERIOD_NS, s -> mem.psiTick());
        return mem;
    }

    public Simulation sim() {
        return sim;
    }

    /** The zone itself (read-only use outside this package: metrics, checks). */
    public BuddyAllocator zone() {
        return zone;
    }

    public Watermarks watermarks() {
        return watermarks;
    }

    public void addObserver(MemoryObserver observer) {
        observers.add(observer);
    }

    public OomPolicy oomPolicy() {
        return oomPolicy;
    }

    public void oomPolicy(OomPolicy policy) {
        this.oomPolicy = policy;
    }

    public boolean proactiveCompaction() {
        return proactive;
    }

    public void proactiveCompaction(boolean on) {
        this.proactive = on;
    }

    /**
     * Adds a swap device of {@code bytes} (a positive multiple of 4 KiB up to 64 GiB) with the
     * given swappiness (0..200, Linux's vm.swappiness; 60 is its default). Only before anything is
     * allocated, once. From then on reclaim also writes the oldest anonymous memory to swap (see
     * {@link #reclaimWithSwap}) and an access to a swapped-out block reads it back (a memory stall).
     */
    public Swap enableSwap(long bytes, int swappiness) {
        if (swap != null) {
            throw new KosException("swap is already on ("
                    + Quantities.formatBytes(swap.totalPages() * BuddyAllocator.PAGE_SIZE) + ")");
        }
        if (bytes <= 0 || bytes > MAX_SWAP_BYTES || bytes % BuddyAllocator.PAGE_SIZE != 0) {
            throw new KosException("swap size " + Quantities.formatBytes(bytes)
                    + " is not supported: expected a multiple of 4KiB from 4KiB to 64GiB");
        }
        if (swappiness < 0 || swappiness > 200) {
            throw new KosException("swappiness must be 0..200, got " + swappiness);
        }
        if (zone.liveBlocks() > 0) {
            throw new KosException("swap must be set up before anything is allocated (mem init --swap SIZE)");
        }
        swap = new Swap(bytes / BuddyAllocator.PAGE_SIZE, swappiness);
        return swap;
    }

    /** The swap device, or null when there is none. */
    public Swap swap() {
        return swap;
    }

    /** A process's OOM footprint: its non-page-cache pages in memory plus its pages in swap. */
    public long footprintPages(int pid) {
        return zone.ownerPages(pid) + (swap == null ? 0 : swap.ownerPages(pid));
    }

    int workloadSeq() {
        return workloadSeq;
    }

    /** Records a memory workload's first step (the first start of a name is kept). */
    void workloadStarted(String name, long ns) {
        workloadStarts.putIfAbsent(name, ns);
    }

    /**
     * When the first memory workload of this name took its first step (after its {@code --start}
     * delay), ns; -1 when none has. A scenario's crash cannot be known before its cause starts.
     */
    public long workloadStartNs(String name) {
        return workloadStarts.getOrDefault(name, -1L);
    }

    /** Sequence number for naming a new workload's random stream. */
    int nextWorkloadSeq() {
        return ++workloadSeq;
    }

    // ---------------------------------------------------------------- sizes

    /** The order {@code get_order} gives a size: the smallest with {@code 2^order} pages >= size. */
    public static int orderFor(long bytes) {
        if (bytes <= 0) {
            throw new KosException("allocation size must be positive, got " + bytes + " bytes");
        }
        long max = BuddyAllocator.PAGE_SIZE << BuddyAllocator.MAX_ORDER;
        if (bytes > max) {
            throw new KosException("allocation of " + Quantities.formatBytes(bytes)
                    + " is larger than the largest block (" + Quantities.formatBytes(max) + ", order 10)");
        }
        long pages = (bytes + BuddyAllocator.PAGE_SIZE - 1) >> BuddyAllocator.PAGE_SHIFT;
        return 64 - Long.numberOfLeadingZeros(pages - 1);
    }

    // ---------------------------------------------------------------- allocation

    /**
     * Allocates {@code 2^order} pages of a mobility for a process, running reclaim, compaction and
     * the OOM policy as needed. The stall it cost the caller is {@link #lastStallNs()} (0 on the fast
     * path); the caller should wait that long before its next step.
     *
     * @return a handle, or -1 when the allocation failed (after the OOM policy acted; check
     *         {@code sim.crashed()} for panic)
     */
    public long allocate(int order, Mobility type, long pid) {
        if (order < 0 || order > BuddyAllocator.MAX_ORDER) {
            throw new KosException("order " + order + " is out of range: expected 0..10");
        }
        lastStallNs = 0;
        if (sim.crashed().isPresent()) {
            return -1;
        }
        long h = -1;
        if (zone.freePages() - (1L << order) > watermarks.min()) {
            h = zone.allocate(order, type, (int) pid);
        }
        if (h < 0) {
            h = slowPath(order, type, pid);
        }
        if (lastStallNs > 0) {
            accountStall(pid, lastStallNs);
            stalledAllocations.recordValue(Math.min(lastStallNs, MAX_RECORDED_STALL_NS));
        }
        if (h >= 0) {
            allocOk[order]++;
            if (swap != null && Swap.anonymous(type, order)) {
                swap.used(h);
            }
            sim.trace().record(ALLOC, sim.now(), pid, (order << 8) | type.ordinal(), h);
            if (zone.freePages() <= watermarks.low() + reclaimBoost) {
                wakeKswapd();
            }
        }
        return h;
    }

    /** Allocates the block {@code get_order(bytes)} gives; see {@link #allocate(int, Mobility, long)}. */
    public long allocateBytes(long bytes, Mobility type, long pid) {
        return allocate(orderFor(bytes), type, pid);
    }

    /**
     * The allocation latency at a percentile (0 &lt; p &lt;= 100) over every allocation attempt so
     * far, in simulated ns: the stall (direct reclaim and compaction) each cost its caller, 0 on the
     * fast path. Attempts without a stall are counted exactly; stalls come from an HdrHistogram (3
     * significant digits, clamped at 60 s). 0 before any allocation.
     */
    public long allocationLatencyNs(double percentile) {
        long attempts = 0;
        for (int o = 0; o < allocOk.length; o++) {
            attempts += allocOk[o] + allocFail[o];
        }
        long stalled = stalledAllocations.getTotalCount();
        if (attempts == 0 || stalled == 0) {
            return 0;
        }
        double rank = Math.ceil(percentile / 100 * attempts);
        long fast = attempts - stalled;
        if (rank <= fast) {
            return 0;
        }
        return stalledAllocations.getValueAtPercentile(100.0 * (rank - fast) / stalled);
    }

    /** The stall (direct reclaim and compaction time, simulated ns) the last allocation cost its caller. */
    public long lastStallNs() {
        return lastStallNs;
    }

    /**
     * Frees an allocation.
     *
     * @return pages freed, 0 for an unknown or already freed handle (nothing changes)
     */
    public int free(long handle) {
        int pages = zone.free(handle);
        if (swap != null) {
            if (pages > 0) {
                swap.forget(handle);
            } else {
                pages = (int) swap.release(handle, false);
            }
        }
        if (pages > 0) {
            sim.trace().record(FREE, sim.now(), handle, pages, 0);
        }
        return pages;
    }

    private long slowPath(int order, Mobility type, long pid) {
        long need = 1L << order;
        int noProgress = 0;
        while (noProgress <= MAX_RECLAIM_RETRIES) {
            boolean progress = false;
            if (zone.freePages() - need <= watermarks.min()) {
                long want = Math.max(SWAP_CLUSTER_MAX, watermarks.min() + need + 1 - zone.freePages());
                ReclaimResult r = reclaim(DIRECT, roundUp(want, SWAP_CLUSTER_MAX));
                directReclaims++;
                lastStallNs += r.costNs();
                progress = r.freed() > 0;
            }
            if (zone.freePages() - need > watermarks.min()) {
                long h = zone.allocate(order, type, (int) pid);
                if (h >= 0) {
                    return h;
                }
                if (order == 0) {
                    break; // cannot happen: order 0 fails only on the watermark
                }
                if (compactionSuitable(order)) {
                    CompactionResult c = compact(DIRECT, order, -1);
                    directCompactions++;
                    lastStallNs += c.costNs();
                    h = zone.allocate(order, type, (int) pid);
                    if (h >= 0) {
                        return h;
                    }
                    progress |= c.migrated() > 0;
                } else {
                    compactionsSkipped++;
                }
                // reclaim the compaction gap (2 << order pages) of page cache and try again
                if (!reclaimable()) {
                    break;
                }
                ReclaimResult r = reclaim(DIRECT, Math.max(SWAP_CLUSTER_MAX, 2L << order));
                directReclaims++;
                lastStallNs += r.costNs();
                progress |= r.freed() > 0;
            }
            noProgress = progress ? 0 : noProgress + 1;
        }
        return outOfMemory(order, type, pid);
    }

    /** Linux's compaction_suitable for the order: always below costly orders, else fragindex > 500. */
    private boolean compactionSuitable(int order) {
        if (order <= BuddyAllocator.COSTLY_ORDER) {
            return true;
        }
        int fi = Fragmentation.fragmentationIndex(zone.freeBlocks(nrFreeScratch), order);
        return !(fi >= 0 && fi <= 500);
    }

    private long outOfMemory(int order, Mobility type, long pid) {
        failures++;
        allocFail[order]++;
        long now = sim.now();
        sim.trace().record(FAIL, now, pid, order, type.ordinal());
        for (MemoryObserver o : observers) {
            o.onAllocationFailure(now, pid, order, type);
        }
        int fi = Fragmentation.fragmentationIndex(zone.freeBlocks(nrFreeScratch), order);
        String cause = fi > 500 ? "oom-fragmentation" : "oom-lack-of-memory";
        oomEvents++;
        sim.trace().record(OOM, now, pid, order, fi > 500 ? 1 : 0);
        if (oomPolicy == OomPolicy.PANIC) {
            oomPanics++;
            OomEvent e = new OomEvent(now, pid, order, type, cause, fi, oomPolicy, -1, 0);
            observers.forEach(o -> o.onOom(e));
            sim.crash(
                    "mem",
                    cause,
                    "order-" + order + " " + type.label() + " allocation by pid " + pid
                            + " failed: " + zone.freePages() + " pages free (min " + watermarks.min()
                            + "), largest free order "
                            + zone.largestFreeOrder() + ", fragmentation index " + fi);
            return -1;
        }
        long victim = -1, victimPages = 0;
        for (ProcessTable.Process p : sim.processes().live()) {
            long fp = footprintPages((int) p.pid());
            if (fp > victimPages) {
                victim = p.pid();
                victimPages = fp;
            }
        }
        OomEvent e = new OomEvent(now, pid, order, type, cause, fi, oomPolicy, victim, victimPages);
        observers.forEach(o -> o.onOom(e));
        if (victim < 0) {
            return -1;
        }
        oomKills++;
        sim.trace().record(KILL, now, victim, victimPages, 0);
        sim.processes()
                .kill(
                        victim,
                        "out of memory (" + cause + "): killed pid " + victim + " using " + victimPages + " pages");
        if (victim == pid || !sim.processes().isAlive(pid)) {
            return -1;
        }
        if (zone.freePages() - (1L << order) > watermarks.min()) {
            return zone.allocate(order, type, (int) pid);
        }
        return -1;
    }

    private static long roundUp(long v, long unit) {
        return (v + unit - 1) / unit * unit;
    }

    // ---------------------------------------------------------------- reclaim and compaction

    private ReclaimResult reclaim(Trigger kind, long target) {
        long swappedOut = 0, freed;
        if (swap == null) {
            freed = zone.reclaim(target);
        } else {
            long[] r = reclaimWithSwap(target);
            freed = r[0];
            swappedOut = r[1];
        }
        long cost = freed == 0
                ? FUTILE_RECLAIM_NS
                : RECLAIM_ENTRY_NS + freed * RECLAIM_NS_PER_PAGE + swappedOut * SWAP_WRITE_NS_PER_PAGE;
        reclaimedPages += freed;
        ReclaimResult r = new ReclaimResult(kind.name(), freed, freed, cost);
        sim.trace().record(RECLAIM, sim.now(), kind.id(), freed, cost);
        long now = sim.now();
        for (MemoryObserver o : observers) {
            o.onReclaim(now, r);
        }
        return r;
    }

    private CompactionResult compact(Trigger kind, int order, int extfragStop) {
        int before = zone.largestFreeOrder();
        zone.compact(order, extfragStop, compactOut);
        long cost = compactOut[0] * COMPACT_SCAN_NS_PER_PAGE + compactOut[1] * MIGRATE_NS_PER_PAGE;
        compactions++;
        migratedPages += compactOut[1];
        CompactionResult c = new CompactionResult(
                kind.name(), order, compactOut[0], compactOut[1], cost, before, zone.largestFreeOrder());
        sim.trace().record(COMPACT, sim.now(), kind.id(), compactOut[1], cost);
        long now = sim.now();
        for (MemoryObserver o : observers) {
            o.onCompaction(now, c);
        }
        return c;
    }

    /**
     * Reclaim with swap, Linux's anon/file balance simplified ({@code get_scan_count} without its
     * cost feedback): when page cache and free memory together are at or below the HIGH watermark
     * (the file LRU is tiny) all of the target comes from anonymous memory; while the page cache is
     * thrashing (a workingset refault in the last {@value #FILE_THRASHING_NS} ns) {@code swappiness/200}
     * of it does; otherwise only page cache is reclaimed ({@code cache_trim_mode}: a cache that is
     * not re-read is dropped before anything is swapped). The anonymous part writes the oldest
     * blocks to swap; whatever one side cannot give (swap full, no cache) the other gives. Returns
     * {pages freed, of them swapped out}.
     */
    private long[] reclaimWithSwap(long target) {
        long cache = zone.pageCachePages();
        boolean fileTiny = cache + zone.freePages() <= watermarks.high();
        boolean thrashing = lastRefaultNs >= 0 && sim.now() - lastRefaultNs < FILE_THRASHING_NS;
        long anonTarget = fileTiny ? target : thrashing ? target * swap.swappiness() / 200 : 0;
        long freed = target - anonTarget > 0 ? zone.reclaim(target - anonTarget) : 0;
        long out = 0;
        while (freed < target) {
            long h = swap.oldest(zone);
            if (h < 0) {
                break;
            }
            int order = zone.orderOf(h);
            swap.swappedOut(h, zone.ownerOf(h), order);
            zone.free(h);
            out += 1L << order;
            freed += 1L << order;
        }
        if (freed < target && zone.pageCachePages() > 0) {
            freed += zone.reclaim(target - freed);
        }
        if (out > 0) {
            sim.trace().record(SWAP, sim.now(), -1, 0, out);
        }
        return new long[] {freed, out};
    }

    /** Whether reclaim can free anything: page cache, or anonymous memory with swap slots free. */
    private boolean reclaimable() {
        return zone.pageCachePages() > 0 || (swap != null && swap.oldest(zone) >= 0);
    }

    /**
     * A workload uses one of its allocations. A resident anonymous block moves to the young end of
     * the anonymous LRU (swap-out takes the oldest). A swapped-out one is read back: a new block of
     * its order is allocated for {@code pid} (reclaim may swap out others), its slots are released,
     * and the read, {@value #PAGE_READ_NS} ns per page, is a memory stall (PSI), added to
     * {@link #lastStallNs()} with the allocation's. {@code afterNs} is the stall the caller's step
     * has had so far: one task does one thing at a time, so the read's stall follows it (PSI counts
     * the step's stall as one interval from now). Returns the handle that now names the block
     * (the same one while resident, a new one after a swap-in), or -1 (unknown handle, or the
     * swap-in's allocation failed: the block stays in swap).
     */
    long access(long handle, long pid, long afterNs) {
        lastStallNs = 0;
        if (zone.isLive(handle)) {
            if (swap != null && Swap.anonymous(zone.typeOf(handle), zone.orderOf(handle))) {
                swap.used(handle);
            }
            return handle;
        }
        int order = swap == null ? -1 : swap.swappedOrder(handle);
        if (order < 0) {
            return -1;
        }
        long h = allocate(order, Mobility.MOVABLE, pid);
        if (h < 0) {
            return -1;
        }
        long reclaimStall = lastStallNs;
        long pages = swap.release(handle, true);
        long read = pages * PAGE_READ_NS;
        swapInStallNs += read;
        accountMemoryStall(afterNs + reclaimStall + read);
        sim.trace().record(SWAP, sim.now(), pid, pages, 0);
        lastStallNs = reclaimStall + read;
        return h;
    }

    /** Violations of the zone's invariants and of the swap bookkeeping; empty when sound. */
    public List<String> check() {
        List<String> v = new ArrayList<>(zone.check());
        if (swap != null) {
            v.addAll(swap.check());
        }
        return v;
    }

    /** A full compaction pass now (memctl compact, the autonomy loop). Its cost is reported, not charged. */
    public CompactionResult compactNow() {
        return compact(MANUAL, -1, -1);
    }

    /** Reclaims up to {@code pages} of page cache now. Its cost is reported, not charged. */
    public ReclaimResult reclaimNow(long pages) {
        if (pages <= 0) {
            throw new KosException("reclaim target must be positive, got " + pages + " pages");
        }
        manualReclaims++;
        return reclaim(MANUAL, pages);
    }

    /**
     * Raises kswapd's low and high watermarks by {@code pages} (0: Linux's own, the default): kswapd
     * then wakes earlier and reclaims page cache further ahead of demand, like Linux's
     * watermark_boost_factor but set by a controller (a forecast of demand, {@code ml decide}). Wakes
     * kswapd at once if free memory is below the new low mark.
     */
    public void reclaimBoost(long pages) {
        if (pages < 0 || pages > zone.pages()) {
            throw new KosException("reclaim boost must be 0.." + zone.pages() + " pages, got " + pages);
        }
        reclaimBoost = pages;
        if (zone.freePages() <= watermarks.low() + reclaimBoost) {
            wakeKswapd();
        }
    }

    public long reclaimBoost() {
        return reclaimBoost;
    }

    private void wakeKswapd() {
        if (!kswapdRunning && reclaimable()) {
            kswapdRunning = true;
            kswapdRuns++;
            sim.scheduleAfter(0, this, EV_KSWAPD, 0);
        }
    }

    @Override
    public void onEvent(Simulation s, int kind, long arg) {
        if (kind == EV_KSWAPD) {
            if (zone.freePages() >= watermarks.high() + reclaimBoost || !reclaimable()) {
                kswapdRunning = false;
                return;
            }
            long want = Math.min(KSWAPD_BATCH, watermarks.high() + reclaimBoost - zone.freePages());
            ReclaimResult r = reclaim(KSWAPD, want);
            sim.scheduleAfter(Math.max(1, r.costNs()), this, EV_KSWAPD, 0);
        }
    }

    private void kcompactd() {
        if (!proactive || sim.crashed().isPresent()) {
            return;
        }
        if (Fragmentation.extfrag(zone.freeBlocks(nrFreeScratch), BuddyAllocator.PAGEBLOCK_ORDER) > PROACTIVE_START) {
            proactiveCompactions++;
            compact(PROACTIVE, -1, PROACTIVE_STOP);
        }
    }

    // ---------------------------------------------------------------- PSI

    /**
     * Accounts {@code ns} of memory stall for {@code pid} starting now. PSI "some" is the union of
     * every task's stall intervals; "full" is the time when every non-idle task is stalled. A task
     * between its steps sleeps (idle); a task waiting on file I/O ({@link #accountIoWait}) is
     * non-idle and not stalled on memory, so while one does, the stall is "some" but not "full".
     */
    void accountStall(long pid, long ns) {
        stallNs += ns;
        accountMemoryStall(ns);
    }

    private void accountMemoryStall(long ns) {
        long now = sim.now();
        advancePsi(now);
        long end = now + ns;
        someUntil = Math.max(someUntil, end);
        if (busyUntil <= now) {
            fullUntil = Math.max(fullUntil, end);
        } else if (busyUntil < end) { // full only once the I/O ends; one pending interval is kept, so count from then
            fullUntil = Math.max(fullUntil, end);
            fullFrom = Math.max(fullFrom, busyUntil);
        }
    }

    /** A workingset refault's read: a memory stall for PSI (Linux's thrashing read), charged to the reader. */
    void accountRefaultStall(long pid, long ns, int refaults) {
        workingsetRefaults += refaults;
        if (refaults > 0) {
            lastRefaultNs = sim.now();
        }
        refaultStallNs += ns;
        accountMemoryStall(ns);
    }

    /**
     * A non-memory wait (a file read that is not a workingset refault) of {@code ns} starting
     * {@code afterNs} from now: the task is non-idle and not stalled on memory, so no "full" then.
     */
    void accountIoWait(long pid, long afterNs, long ns) {
        long now = sim.now();
        advancePsi(now);
        long from = now + afterNs, end = from + ns;
        busyUntil = Math.max(busyUntil, end);
        if (fullUntil > from) {
            // One pending "full" interval is kept: a wait starting now moves its start past the wait;
            // a later one ends it where the wait begins (what would follow the wait is dropped).
            if (afterNs <= 0) {
                fullFrom = Math.max(fullFrom, end);
            } else {
                fullUntil = from;
            }
        }
    }

    private void advancePsi(long t) {
        if (someUntil > accountedTo) {
            someNs += Math.min(t, someUntil) - accountedTo;
        }
        long fullStart = Math.max(accountedTo, fullFrom);
        if (fullUntil > fullStart && t > fullStart) {
            fullNs += Math.min(t, fullUntil) - fullStart;
        }
        accountedTo = t;
    }

    private void psiTick() {
        advancePsi(sim.now());
        psiSome.update(someNs - periodSome, Psi.PERIOD_NS);
        psiFull.update(fullNs - periodFull, Psi.PERIOD_NS);
        periodSome = someNs;
        periodFull = fullNs;
    }

    public Psi psiSome() {
        return psiSome;
    }

    public Psi psiFull() {
        return psiFull;
    }

    /** Memory "some" stall time so far (union over tasks), ns, up to now. */
    public long psiSomeTotalNs() {
        advancePsi(sim.now());
        return someNs;
    }

    public long psiFullTotalNs() {
        advancePsi(sim.now());
        return fullNs;
    }

    // ---------------------------------------------------------------- processes

    private void onProcessExit(Simulation s, long pid, boolean killed, String reason) {
        long freed = zone.freeOwner((int) pid);
        if (swap != null) {
            freed += swap.releaseOwner((int) pid);
        }
        if (freed > 0) { // recorded as mem.free with handle = -pid and c = 1: everything of that process
            sim.trace().record(FREE, sim.now(), -pid, freed, 1);
        }
    }

    /** The process that {@code memctl alloc} charges when no owner is given, spawned on first use. */
    public long shellPid() {
        if (shellPid < 0 || !sim.processes().isAlive(shellPid)) {
            shellPid = sim.processes().spawn("memctl", "shell", null);
        }
        return shellPid;
    }

    // ---------------------------------------------------------------- metrics

    public int fragmentationIndex(int order) {
        return Fragmentation.fragmentationIndex(zone.freeBlocks(nrFreeScratch), order);
    }

    public int unusableIndex(int order) {
        return Fragmentation.unusableIndex(zone.freeBlocks(nrFreeScratch), order);
    }

    public long allocSuccesses(int order) {
        return allocOk[order];
    }

    public long allocFailures(int order) {
        return allocFail[order];
    }

    /** Counters for status reports. */
    public record Counters(
            long failures,
            long stallNs,
            long reclaimedPages,
            long directReclaims,
            long kswapdRuns,
            long manualReclaims,
            long compactions,
            long directCompactions,
            long proactiveCompactions,
            long compactionsSkipped,
            long migratedPages,
            long oomEvents,
            long oomKills,
            long oomPanics,
            long fallbacks,
            long steals,
            long swapOutPages,
            long swapInPages,
            long swapInStallNs) {}

    public Counters counters() {
        return new Counters(
                failures,
                stallNs,
                reclaimedPages,
                directReclaims,
                kswapdRuns,
                manualReclaims,
                compactions,
                directCompactions,
                proactiveCompactions,
                compactionsSkipped,
                migratedPages,
                oomEvents,
                oomKills,
                oomPanics,
                zone.fallbacks(),
                zone.steals(),
                swap == null ? 0 : swap.swapOutPages(),
                swap == null ? 0 : swap.swapInPages(),
                swapInStallNs);
    }

    /** A sample of the state for the crash predictor; allocates only the record. */
    public MemorySnapshot snapshot() {
        zone.freeBlocks(nrFreeScratch);
        return new MemorySnapshot(
                sim.now(),
                zone.pages(),
                zone.freePages(),
                zone.pageCachePages(),
                zone.usedPages(Mobility.MOVABLE),
                zone.usedPages(Mobility.UNMOVABLE),
                zone.largestFreeOrder(),
                Fragmentation.unusableIndex(nrFreeScratch, 9),
                Fragmentation.fragmentationIndex(nrFreeScratch, 9),
                failures,
                stallNs,
                reclaimedPages,
                directReclaims,
                compactions,
                migratedPages,
                oomEvents,
                psiSome.percent(0),
                psiFull.percent(0),
                workingsetRefaults,
                refaultStallNs,
                swap == null ? 0 : swap.totalPages(),
                swap == null ? 0 : swap.freePages(),
                swap == null ? 0 : swap.swapOutPages(),
                swap == null ? 0 : swap.swapInPages());
    }
}
