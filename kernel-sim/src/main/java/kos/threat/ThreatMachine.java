package kos.threat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import kos.mem.BuddyAllocator;
import kos.mem.Mobility;
import kos.sim.SeedStream;

/**
 * A small deterministic machine for hostile and benign tasks: 2 CPUs scheduled in 0.5 ms slots by a
 * fair scheduler that, like pre-CFS Linux and the kernels of the "cheating the scheduler" attacks
 * (Tsafrir, Etsion, Feitelson 2007), <em>accounts CPU time by the tick</em> (HZ 250: the task running
 * when the 4 ms tick fires is charged the whole tick) while also keeping each task's precise runtime
 * from its switch timestamps; a shared 16 MiB last-level cache whose occupancy each running task
 * grows by its misses (the others' shrink in proportion); and a 256 MiB zone of kos's
 * {@link BuddyAllocator} with mobility grouping. Everything a task does is counted in its
 * {@link TaskCounters}; detectors see those counters, never the behaviours.
 *
 * <p>Deterministic: each task draws from its own stream (seed, parent, fork index, name), so a
 * benign task behaves the same with or without an attack beside it; tasks are visited in pid order,
 * ties broken by pid.
 */
public final class ThreatMachine {
    public static final long SLOT_NS = 500_000L;
    public static final int SLOTS_PER_TICK = 8;
    public static final long TICK_NS = SLOT_NS * SLOTS_PER_TICK;
    public static final int CPUS = 2;
    public static final double LLC_MIB = 16;
    public static final int ZONE_PAGES = 1 << 16;
    public static final int MAX_TASKS = 512;
    /** How much slower a task runs per unit of cache miss ratio (memory-bound work). */
    public static final double MISS_PENALTY = 1.5;

    private static final int[] NICE_WEIGHTS = {
        88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904, 3906, 3121, 2501,
        1991, 1586, 1277, 1024, 820, 655, 526, 423, 335, 272, 215, 172, 137, 110, 87, 70, 56, 45, 36, 29, 23, 18, 15
    };

    /** A victim job's completion, for turnaround: which worker, which job, when it arrived and finished. */
    public record JobDone(int worker, int job, long arrivalNs, long finishNs) {}

    private final List<ThreatTask> tasks = new ArrayList<>();
    /** The live tasks, in pid order. */
    private final List<ThreatTask> liveList = new ArrayList<>();

    private final BuddyAllocator zone = new BuddyAllocator(ZONE_PAGES);
    private final long seed;
    private final List<JobDone> jobs = new ArrayList<>();
    private final List<Consumer<ThreatMachine>> observers = new ArrayList<>();
    private final long[][] handles = new long[MAX_TASKS * 4 + 2][];
    private final int[] handleCount = new int[MAX_TASKS * 4 + 2];
    private final ThreatTask[] running = new ThreatTask[CPUS];
    private long slot;
    private long minVruntime;
    private int live;
    private long observeEverySlots = 200;

    public ThreatMachine(long seed) {
        this.seed = seed;
    }

    public static int weightOf(int nice) {
        return NICE_WEIGHTS[Math.max(-20, Math.min(19, nice)) + 20];
    }

    public long now() {
        return slot * SLOT_NS;
    }

    /** 0..{@link #SLOTS_PER_TICK}-1: where the current slot lies in its tick. */
    public int slotInTick() {
        return (int) (slot % SLOTS_PER_TICK);
    }

    public BuddyAllocator zone() {
        return zone;
    }

    public List<ThreatTask> tasks() {
        return tasks;
    }

    public int liveTasks() {
        return live;
    }

    /** The live tasks in pid order (a view; do not keep across slots). */
    public List<ThreatTask> live() {
        return java.util.Collections.unmodifiableList(liveList);
    }

    public List<JobDone> jobs() {
        return jobs;
    }

    public ThreatTask task(int pid) {
        return pid >= 1 && pid <= tasks.size() ? tasks.get(pid - 1) : null;
    }

    /** Calls {@code o} every {@code everyNs} of simulated time (after the slot that ends it). */
    public void observe(long everyNs, Consumer<ThreatMachine> o) {
        observeEverySlots = Math.max(1, everyNs / SLOT_NS);
        observers.add(o);
    }

    private record Pending(long atNs, String name, Behaviour b, boolean hostile) {}

    private final List<Pending> pending = new ArrayList<>();

    /** Starts a task with no parent at simulated time {@code atNs} (launches are in call order per slot). */
    public void startAt(long atNs, String name, Behaviour b, boolean hostile) {
        pending.add(new Pending(atNs, name, b, hostile));
    }

    /** Starts a task with no parent (pid 0), runnable. */
    public ThreatTask start(String name, Behaviour b, boolean hostile, boolean kthread) {
        return create(null, name, b, hostile, kthread);
    }

    /** Forks a child of {@code parent}; null (and a fork failure counted) when the task table is full. */
    public ThreatTask fork(ThreatTask parent, String name, Behaviour b) {
        if (live >= MAX_TASKS || tasks.size() >= handles.length - 1) {
            parent.c.forkFailures++;
            return null;
        }
        parent.c.forks++;
        return create(parent, name, b, parent.hostile, false);
    }

    private ThreatTask create(ThreatTask parent, String name, Behaviour b, boolean hostile, boolean kthread) {
        int pid = tasks.size() + 1;
        ThreatTask t = new ThreatTask(
                pid,
                parent == null ? 0 : parent.pid,
                parent == null ? 0 : parent.depth + 1,
                name,
                b,
                hostile,
                kthread,
                now(),
                SeedStream.named("threat/" + (parent == null ? 0 : parent.pid) + "/"
                                + (parent == null ? tasks.size() : parent.c.forks) + "/" + name)
                        .seed(seed));
        t.vruntime = Math.max(parent == null ? 0 : parent.vruntime, minVruntime);
        t.runnable = true;
        tasks.add(t);
        liveList.add(t);
        live++;
        return t;
    }

    public void sleep(ThreatTask t) {
        if (!t.runnable) {
            return;
        }
        t.runnable = false;
        t.c.sleeps++;
        if (slotInTick() == SLOTS_PER_TICK - 1) {
            t.c.sleepsBeforeTick++;
        }
        if (t.ranSinceWake) {
            t.c.bursts++;
        }
        t.ranSinceWake = false;
    }

    public void wake(ThreatTask t) {
        if (t.runnable || !t.alive) {
            return;
        }
        t.runnable = true;
        t.c.wakeups++;
        t.vruntime = Math.max(t.vruntime, minVruntime - TICK_NS);
    }

    /** Sets a task's nice (-20..19), re-weighting it. */
    public void setNice(ThreatTask t, int nice) {
        t.nice = Math.max(-20, Math.min(19, nice));
        t.weight = weightOf(t.nice);
    }

    /** The task exits: its memory is freed. */
    public void exit(ThreatTask t) {
        if (!t.alive) {
            return;
        }
        if (t.ranSinceWake) {
            t.c.bursts++;
        }
        t.alive = false;
        t.runnable = false;
        t.diedNs = now();
        t.cacheOccMiB = 0;
        live--;
        liveList.remove(t);
        int n = handleCount[t.pid];
        long[] h = handles[t.pid];
        for (int i = 0; i < n; i++) {
            freeHandle(t, h[i]);
        }
        handleCount[t.pid] = 0;
    }

    /** Kills {@code t} and every live descendant; returns how many tasks died. */
    public int killTree(ThreatTask t, String by) {
        int n = 0;
        for (ThreatTask x : new ArrayList<>(liveList)) {
            if (descends(x, t.pid)) {
                x.killedBy = by;
                exit(x);
                n++;
            }
        }
        return n;
    }

    /** Whether {@code x} is {@code pid} or one of its descendants. */
    public boolean descends(ThreatTask x, int pid) {
        for (ThreatTask y = x; y != null; y = task(y.ppid)) {
            if (y.pid == pid) {
                return true;
            }
        }
        return false;
    }

    /** Allocates 2^order pages for {@code t}; the handle, or -1 (counted as a failure). */
    public long alloc(ThreatTask t, int order, Mobility type) {
        long h = zone.allocate(order, type, t.pid);
        if (h < 0) {
            t.c.allocFailures++;
            return -1;
        }
        if (type == Mobility.UNMOVABLE) {
            t.c.allocUnmovable += 1L << order;
        } else {
            t.c.allocMovable += 1L << order;
        }
        if (order >= 4) {
            t.c.allocHighOrder++;
        }
        t.c.pagesHeld += 1L << order;
        long[] hs = handles[t.pid];
        int n = handleCount[t.pid];
        if (hs == null || n == hs.length) {
            long[] g = new long[hs == null ? 16 : hs.length * 2];
            if (hs != null) {
                System.arraycopy(hs, 0, g, 0, n);
            }
            handles[t.pid] = hs = g;
        }
        hs[n] = h;
        handleCount[t.pid] = n + 1;
        return h;
    }

    /** Frees one of {@code t}'s allocations. */
    public void free(ThreatTask t, long h) {
        long[] hs = handles[t.pid];
        int n = handleCount[t.pid];
        for (int i = n - 1; i >= 0; i--) {
            if (hs[i] == h) {
                hs[i] = hs[n - 1];
                handleCount[t.pid] = n - 1;
                freeHandle(t, h);
                return;
            }
        }
    }

    /** Frees every allocation of {@code t} for which {@code drop} holds, in one pass. */
    public void freeIf(ThreatTask t, java.util.function.LongPredicate drop) {
        long[] hs = handles[t.pid];
        int n = handleCount[t.pid], k = 0;
        for (int i = 0; i < n; i++) {
            if (drop.test(hs[i])) {
                freeHandle(t, hs[i]);
            } else {
                hs[k++] = hs[i];
            }
        }
        handleCount[t.pid] = k;
    }

    /** Frees {@code t}'s oldest live allocation (a cache evicting), if any. */
    public void freeOldest(ThreatTask t) {
        int n = handleCount[t.pid];
        if (n == 0) {
            return;
        }
        long[] hs = handles[t.pid];
        long h = hs[0];
        System.arraycopy(hs, 1, hs, 0, n - 1);
        handleCount[t.pid] = n - 1;
        freeHandle(t, h);
    }

    /** The live allocations of {@code t} (a copy). */
    public long[] handlesOf(ThreatTask t) {
        long[] hs = handles[t.pid];
        return hs == null ? new long[0] : java.util.Arrays.copyOf(hs, handleCount[t.pid]);
    }

    private void freeHandle(ThreatTask t, long h) {
        if (!zone.isLive(h)) {
            return;
        }
        Mobility m = zone.typeOf(h);
        long pages = 1L << zone.orderOf(h);
        zone.free(h);
        if (m == Mobility.UNMOVABLE) {
            t.c.freeUnmovable += pages;
        } else {
            t.c.freeMovable += pages;
        }
        t.c.pagesHeld -= pages;
    }

    void jobDone(int worker, int job, long arrivalNs) {
        jobs.add(new JobDone(worker, job, arrivalNs, now() + SLOT_NS));
    }

    /** Runs until {@code untilNs} of simulated time. */
    public void runUntil(long untilNs) {
        while (now() < untilNs) {
            step();
        }
    }

    private void step() {
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            if (p.atNs() <= now()) {
                pending.remove(i--);
                start(p.name(), p.b(), p.hostile(), false);
            }
        }
        int n = liveList.size();
        for (ThreatTask t : liveList.subList(0, n).toArray(new ThreatTask[0])) {
            if (t.alive) {
                t.behaviour.act(this, t);
            }
        }
        // pick the CPUS runnable tasks with the least charged virtual runtime (ties: lower pid)
        for (int c = 0; c < CPUS; c++) {
            running[c] = null;
        }
        long minV = Long.MAX_VALUE;
        for (ThreatTask t : liveList) {
            if (!t.runnable) {
                continue;
            }
            minV = Math.min(minV, t.vruntime);
            if (running[0] == null || before(t, running[0])) {
                running[1] = running[0];
                running[0] = t;
            } else if (running[1] == null || before(t, running[1])) {
                running[1] = t;
            }
        }
        if (minV != Long.MAX_VALUE) {
            minVruntime = Math.max(minVruntime, minV);
        }
        double slotMs = SLOT_NS / 1e6, occTotal = 0;
        for (ThreatTask t : running) {
            if (t == null) {
                continue;
            }
            Behaviour b = t.behaviour;
            double ws = b.workingSetMiB();
            double miss = 1 - Math.min(1, t.cacheOccMiB / ws);
            double touched = b.accessMiBPerMs() * slotMs;
            t.c.llcAccessMiB += touched;
            t.c.llcMissMiB += touched * miss;
            t.cacheOccMiB = Math.min(ws, t.cacheOccMiB + touched * miss);
            t.c.runtimeNs += SLOT_NS;
            t.ranSinceWake = true;
            t.ranThisTick = true;
            b.ran(this, t, SLOT_NS / (1 + MISS_PENALTY * miss));
        }
        for (ThreatTask t : liveList) {
            occTotal += t.cacheOccMiB;
        }
        double scale = occTotal > LLC_MIB ? LLC_MIB / occTotal : 1;
        for (ThreatTask t : liveList) {
            t.cacheOccMiB *= scale;
            t.c.llcOccupancyMiBMs += t.cacheOccMiB * slotMs;
        }
        slot++;
        if (slot % SLOTS_PER_TICK == 0) {
            for (ThreatTask t : running) {
                if (t != null && t.alive) {
                    t.c.chargedNs += TICK_NS;
                    t.c.ticksCharged++;
                    t.vruntime += TICK_NS * 1024 / t.weight;
                }
            }
            for (ThreatTask t : liveList) {
                if (t.ranThisTick) {
                    t.c.ticksRan++;
                    t.ranThisTick = false;
                }
            }
        }
        if (slot % observeEverySlots == 0) {
            for (Consumer<ThreatMachine> o : observers) {
                o.accept(this);
            }
        }
    }

    private static boolean before(ThreatTask a, ThreatTask b) {
        return a.vruntime < b.vruntime || (a.vruntime == b.vruntime && a.pid < b.pid);
    }
}
