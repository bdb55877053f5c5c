package kos.insights.autonomy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import kos.insights.crash.CrashCause;
import kos.insights.crash.CrashMonitor;
import kos.insights.crash.Prediction;
import kos.mem.BuddyAllocator;
import kos.mem.CompactionResult;
import kos.mem.MemoryObserver;
import kos.mem.PhysicalMemory;
import kos.mem.ReclaimResult;
import kos.sim.KosException;
import kos.sim.ProcessTable;
import kos.sim.RandomStreams;
import kos.sim.Simulation;
import kos.sim.Telemetry;
import kos.sim.TelemetryNames;
import kos.sim.TraceKind;

/**
 * The autonomy loop: every decision interval it reads the crash monitor's latest prediction and,
 * when it is an alarm, acts on the predicted cause:
 * <ul>
 *   <li>fragmentation: a full compaction pass (at most {@link Config#maxCompactionsPerMinute} per
 *       minute of virtual time). A pass that cannot assemble a 2 MiB block is deferred as Linux
 *       defers compaction: the next 2, 4, ... up to 64 fragmentation decisions skip compaction,
 *       and a successful pass resets the deferral. A failed pass means the fragmentation is pinned
 *       (unmovable pages in nearly every pageblock), so right after it, and at each deferred
 *       decision, when kills are allowed, the process whose unmovable pages pin the most pageblocks
 *       is killed, under the same cooldown as any kill, but only while a request of some order
 *       needed direct compaction in the last {@link #DEMAND_MEMORY_NS} and no block of the highest
 *       such order is free (success is judged against that order, 2 MiB when none was demanded);</li>
 *   <li>page-cache pressure: reclaim of {@link Config#reclaimFraction} of the zone's pages;</li>
 *   <li>lack of memory (memory reclaim cannot recover): an early kill of the offending process,
 *       the one whose footprint grew the most over the last {@link Config#growthWindowNs} (ties: the
 *       larger footprint, then the lower pid), when kills are allowed, at most one per
 *       {@link Config#killCooldownNs}.</li>
 * </ul>
 * <b>Safe mode</b>: while pressure is extreme (free pages below the MIN watermark, or PSI "full"
 * avg10 above {@link Config#safeModePsiFull}), compaction is held back (it would add stall to a
 * machine already stalling) and only reclaim and kills are taken. Every action, skip and mode change
 * goes to the audit log and the trace.
 *
 * <p>Below the monitor's threshold the loop only reads the monitor and keeps its own records
 * (footprints, safe mode, the audit log): a run whose predictions all stay below the threshold is
 * the same simulation with the loop on or off. {@code crashctl eval} relies on this to skip such
 * actions-on runs ({@code kos.shell.app.ScenarioRun#sameWithActions}); an action taken below the
 * threshold would have to change that too.
 */
public final class AutonomyLoop {
    private static final TraceKind ACTION = TraceKind.of("auto.action", "kind", "target", "amount");
    /**
     * With a predictor that projects exhaustion (kos), a lack-of-memory kill needs exhaustion
     * projected within this time: high but flat or reclaimable usage projects none, and a process
     * that would have lived is not killed for it.
     */
    public static final long KILL_PROJECTION_NS = 30_000_000_000L;
    /**
     * With a predictor that projects exhaustion (kos), a lack-of-memory kill also needs the alarm to
     * have held for this long at consecutive decisions: a burst to 95% or a ramp that levels off can
     * project exhaustion for a second or two, a leak keeps projecting it (kos alarms a median 20 s
     * before a leak's crash, so waiting costs little lead).
     */
    public static final long KILL_PERSISTENCE_NS = 3_000_000_000L;
    /**
     * A projection of exhaustion within this time kills without {@link #KILL_PERSISTENCE_NS} of held
     * alarm: waiting would let the crash come first (kos's imminent projection, {@code
     * CrashFeatures.imminentS}, and a trusted projection whose alarm came late).
     */
    public static final long IMMINENT_NS = 2_000_000_000L;

    /** The loop's settings. */
    public record Config(
            long intervalNs,
            int maxCompactionsPerMinute,
            double reclaimFraction,
            boolean killAllowed,
            long killCooldownNs,
            long growthWindowNs,
            double safeModePsiFull) {
        public static final Config DEFAULT =
                new Config(500_000_000L, 6, 0.05, true, 10_000_000_000L, 5_000_000_000L, 40);

        public Config {
            if (intervalNs < 100_000_000L || intervalNs > 60_000_000_000L) {
                throw new KosException(
                        "decision interval must be 100ms..60s, got " + kos.sim.Quantities.formatDuration(intervalNs));
            }
        }

        public Config withInterval(long ns) {
            return new Config(
                    ns,
                    maxCompactionsPerMinute,
                    reclaimFraction,
                    killAllowed,
                    killCooldownNs,
                    growthWindowNs,
                    safeModePsiFull);
        }

        public Config withKillAllowed(boolean allowed) {
            return new Config(
                    intervalNs,
                    maxCompactionsPerMinute,
                    reclaimFraction,
                    allowed,
                    killCooldownNs,
                    growthWindowNs,
                    safeModePsiFull);
        }
    }

    private final Simulation sim;
    private final PhysicalMemory mem;
    private final CrashMonitor monitor;
    private final Config config;
    private final ArrayDeque<Long> recentCompactions = new ArrayDeque<>();
    private final ArrayDeque<AuditEntry> audit = new ArrayDeque<>();
    private final TreeMap<String, Integer> actionCounts = new TreeMap<>();
    private final ArrayDeque<long[]> footprintHistory = new ArrayDeque<>();
    private final Telemetry.Counter decisions, followed, saved;
    private boolean enabled;
    private boolean safeMode;
    private long lastKillNs = Long.MIN_VALUE / 2;
    /** Since when consecutive decisions saw a lack-of-memory alarm; -1 while none. */
    private long lackOfMemorySinceNs = -1;
    /** Linux's compact_defer_shift: after a failed pass, skip the next 2^shift fragmentation decisions. */
    private int deferShift;

    private int deferredDecisions;
    private static final int MAX_DEFER_SHIFT = 6;
    /**
     * How long a direct compaction's order counts as demand: a request of that order that found no
     * free block (Linux's compact_stall, whose tracepoint carries the order).
     */
    public static final long DEMAND_MEMORY_NS = 30_000_000_000L;
    /** Per order: the virtual time of the last direct compaction for a request of that order; -1: none. */
    private final long[] lastDemandNs = new long[BuddyAllocator.MAX_ORDER + 1];

    private AutonomyLoop(Simulation sim, PhysicalMemory mem, CrashMonitor monitor, Config config) {
        this.sim = sim;
        this.mem = mem;
        this.monitor = monitor;
        this.config = config;
        this.decisions = sim.telemetry().counter(TelemetryNames.DECISIONS_MADE);
        this.followed = sim.telemetry().counter(TelemetryNames.DECISIONS_FOLLOWED);
        this.saved = sim.telemetry().counter(TelemetryNames.MEMORY_SAVED_BYTES);
    }

    /** Installs the loop (off until {@link #enabled(boolean)}) and starts its decision ticks. */
    public static AutonomyLoop install(Simulation sim, PhysicalMemory mem, CrashMonitor monitor, Config config) {
        AutonomyLoop loop = new AutonomyLoop(sim, mem, monitor, config);
        sim.install(AutonomyLoop.class, loop);
        loop.recordFootprints(); // so the first decision already sees growth
        java.util.Arrays.fill(loop.lastDemandNs, -1);
        mem.addObserver(new MemoryObserver() {
            @Override
            public void onCompaction(long timeNs, CompactionResult result) {
                loop.noteCompaction(timeNs, result);
            }
        });
        sim.every(config.intervalNs(), s -> loop.decide());
        return loop;
    }

    public boolean enabled() {
        return enabled;
    }

    public void enabled(boolean on) {
        enabled = on;
    }

    public Config config() {
        return config;
    }

    public boolean safeMode() {
        return safeMode;
    }

    /** The newest {@code n} audit entries, oldest first. */
    public List<AuditEntry> audit(int n) {
        List<AuditEntry> all = new ArrayList<>(audit);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** Actions taken so far by kind. */
    public TreeMap<String, Integer> actionCounts() {
        return new TreeMap<>(actionCounts);
    }

    private void decide() {
        recordFootprints();
        if (!enabled) {
            lackOfMemorySinceNs = -1;
            return;
        }
        long now = sim.now();
        updateSafeMode(now);
        Prediction p = monitor.last();
        if (p == null || p.confidence() < monitor.threshold()) {
            lackOfMemorySinceNs = -1;
            return;
        }
        if (p.cause() != CrashCause.LACK_OF_MEMORY) {
            lackOfMemorySinceNs = -1;
        } else if (lackOfMemorySinceNs < 0) {
            lackOfMemorySinceNs = now;
        }
        decisions.add(1);
        String why = String.format(
                Locale.ROOT,
                "%s predicted at confidence %.2f",
                p.cause().name().toLowerCase(Locale.ROOT),
                p.confidence());
        CrashCause cause = p.cause();
        switch (cause) {
            case FRAGMENTATION -> compact(now, why);
            case PAGE_CACHE_PRESSURE -> reclaim(now, why);
            case LACK_OF_MEMORY -> kill(now, why);
            case NONE -> log(now, "skip", why, "no cause to act on");
        }
    }

    private void compact(long now, String why) {
        if (deferredDecisions > 0) {
            deferredDecisions--;
            killPinner(now, why);
            return;
        }
        if (safeMode) {
            log(now, "skip", why, "safe mode: compaction held back under extreme pressure");
            return;
        }
        while (!recentCompactions.isEmpty() && recentCompactions.peekFirst() <= now - 60_000_000_000L) {
            recentCompactions.removeFirst();
        }
        if (recentCompactions.size() >= config.maxCompactionsPerMinute()) {
            log(now, "skip", why, "rate limit: " + config.maxCompactionsPerMinute() + " compactions per minute");
            return;
        }
        recentCompactions.addLast(now);
        CompactionResult r = mem.compactNow();
        String detail =
                r.migrated() + " pages migrated, largest free order " + r.largestBefore() + " -> " + r.largestAfter();
        int demand = demandedOrder(now);
        int target = demand < 0 ? BuddyAllocator.PAGEBLOCK_ORDER : demand;
        if (r.largestAfter() >= target) {
            deferShift = 0;
        } else {
            deferShift = Math.min(MAX_DEFER_SHIFT, deferShift + 1);
            deferredDecisions = 1 << deferShift;
            detail += "; no order-" + target + " block: compaction deferred for " + deferredDecisions + " decisions";
        }
        act(now, "compact", why, detail, -1, r.migrated());
        if (deferShift > 0 || (demand >= 0 && mem.zone().spareCleanRegions(demand) < 1)) {
            // compaction failed, or it assembled this block but no clean region is left for the next
            // request of the order (the held ones fill the rest): compaction cannot keep up
            killPinner(now, why);
        }
    }

    /** A direct compaction is a request of its order that found no free block: remember the demand. */
    void noteCompaction(long timeNs, CompactionResult result) {
        if (result.kind().equals("direct") && result.order() >= 0 && result.order() < lastDemandNs.length) {
            lastDemandNs[result.order()] = timeNs;
        }
    }

    /**
     * The highest order a request needed direct compaction for in the last {@link #DEMAND_MEMORY_NS};
     * -1 when none did (no request has gone unserved by the free lists, so nobody is short of large blocks).
     */
    private int demandedOrder(long now) {
        for (int o = lastDemandNs.length - 1; o >= 0; o--) {
            if (lastDemandNs[o] >= 0 && now - lastDemandNs[o] <= DEMAND_MEMORY_NS) {
                return o;
            }
        }
        return -1;
    }

    /** Compaction cannot help: the process whose unmovable pages pin the most pageblocks goes. */
    private void killPinner(long now, String why) {
        if (!config.killAllowed() || now - lastKillNs < config.killCooldownNs()) {
            return;
        }
        int demand = demandedOrder(now);
        if (demand < 0 || (mem.zone().largestFreeOrder() >= demand && mem.zone().spareCleanRegions(demand) >= 1)) {
            // Nothing is short of a block it asked for: a process that pins memory is not killed for
            // a shortage nobody has (a kernel serving only order-6 requests does not need 2 MiB blocks).
            log(
                    now,
                    "skip",
                    why,
                    demand < 0
                            ? "no request needed compaction in the last 30 s: nobody is killed"
                            : "an order-" + demand + " block (the largest demanded) is free and a clean region"
                                    + " is spare for the next: nobody is killed");
            return;
        }
        int[] pinned = mem.zone().pageblocksPinnedByOwner();
        long victim = -1;
        int most = 0;
        for (int pid = 1; pid < pinned.length; pid++) {
            ProcessTable.Process proc = sim.processes().get(pid);
            if (proc != null && !proc.kind().equals("shell") && pinned[pid] > most) {
                victim = pid;
                most = pinned[pid];
            }
        }
        if (victim < 0) {
            log(now, "skip", why, "compaction deferred and no process pins a pageblock");
            return;
        }
        kill(
                now,
                victim,
                why + "; compaction cannot help",
                "pins " + most + " of " + mem.zone().pageblocks() + " pageblocks");
    }

    private void reclaim(long now, String why) {
        long pages = Math.max(1, (long) (mem.zone().pages() * config.reclaimFraction()));
        if (mem.zone().pageCachePages() == 0) {
            log(now, "skip", why, "no page cache to reclaim");
            return;
        }
        ReclaimResult r = mem.reclaimNow(pages);
        saved.add(r.freed() * BuddyAllocator.PAGE_SIZE);
        act(now, "reclaim", why, r.freed() + " pages freed", -1, r.freed());
    }

    private void kill(long now, String why) {
        if (!config.killAllowed()) {
            log(now, "skip", why, "kills are not allowed (autoctl on --no-kill)");
            return;
        }
        if (now - lastKillNs < config.killCooldownNs()) {
            return;
        }
        Prediction p = monitor.last();
        if (monitor.predictor().projectsExhaustion()
                && (p.timeToExhaustionNs() < 0 || p.timeToExhaustionNs() > KILL_PROJECTION_NS)) {
            log(
                    now,
                    "skip",
                    why,
                    p.timeToExhaustionNs() < 0
                            ? "no growth: usage is flat or reclaimable, nobody is killed"
                            : String.format(
                                    Locale.ROOT,
                                    "exhaustion projected in %.0f s, beyond %d s: nobody is killed yet",
                                    p.timeToExhaustionNs() / 1e9,
                                    KILL_PROJECTION_NS / 1_000_000_000L));
            return;
        }
        if (monitor.predictor().projectsExhaustion()
                && now - lackOfMemorySinceNs < KILL_PERSISTENCE_NS
                && p.timeToExhaustionNs() > IMMINENT_NS) {
            log(
                    now,
                    "skip",
                    why,
                    String.format(
                            Locale.ROOT,
                            "alarm held %.1f s of the %d s a kill needs: nobody is killed yet",
                            (now - lackOfMemorySinceNs) / 1e9,
                            KILL_PERSISTENCE_NS / 1_000_000_000L));
            return;
        }
        long victim = offender();
        if (victim < 0) {
            log(now, "skip", why, "no process holds memory");
            return;
        }
        kill(now, victim, why, "grew most");
    }

    private void kill(long now, long victim, String why, String reason) {
        long pages = mem.footprintPages((int) victim);
        ProcessTable.Process proc = sim.processes().get(victim);
        String name = proc == null ? "?" : proc.name();
        lastKillNs = now;
        sim.processes().kill(victim, "autoctl: " + why);
        saved.add(pages * BuddyAllocator.PAGE_SIZE);
        act(now, "kill", why, "pid " + victim + " (" + name + "), " + pages + " pages, " + reason, victim, pages);
    }

    private void act(long now, String kind, String why, String detail, long target, long amount) {
        followed.add(1);
        actionCounts.merge(kind, 1, Integer::sum);
        sim.trace().record(ACTION, now, RandomStreams.fnv1a64(kind), target, amount);
        log(now, kind, why, detail);
    }

    private void log(long now, String action, String why, String detail) {
        audit.addLast(new AuditEntry(now, action, why, detail));
        while (audit.size() > 10_000) {
            audit.removeFirst();
        }
    }

    private void updateSafeMode(long now) {
        boolean extreme =
                mem.zone().freePages() < mem.watermarks().min() || mem.psiFull().percent(0) > config.safeModePsiFull();
        if (extreme != safeMode) {
            safeMode = extreme;
            log(
                    now,
                    extreme ? "safe-mode-on" : "safe-mode-off",
                    extreme ? "extreme memory pressure" : "pressure eased",
                    "");
        }
    }

    /**
     * Footprints of every process at each decision, kept over the growth window. The oldest row is
     * reused for the newest once the window is full, so steady state allocates nothing.
     */
    private void recordFootprints() {
        BuddyAllocator zone = mem.zone();
        int limit = zone.ownerLimit();
        long[] f = footprintHistory.size() > config.growthWindowNs() / config.intervalNs()
                ? footprintHistory.removeFirst()
                : null;
        if (f == null || f.length != limit + 1) {
            f = new long[limit + 1];
        }
        f[0] = sim.now();
        for (int pid = 0; pid < limit; pid++) {
            f[pid + 1] = mem.footprintPages(pid);
        }
        footprintHistory.addLast(f);
    }

    /** The live process whose footprint grew most over the window; -1 when none holds memory. */
    private long offender() {
        long[] oldest = footprintHistory.peekFirst(), newest = footprintHistory.peekLast();
        long best = -1, bestGrowth = Long.MIN_VALUE, bestSize = -1;
        for (int pid = 1; pid + 1 < newest.length; pid++) {
            ProcessTable.Process proc = sim.processes().get(pid);
            if (proc == null || proc.kind().equals("shell")) {
                continue;
            }
            long size = newest[pid + 1];
            long growth = size - (pid + 1 < oldest.length ? oldest[pid + 1] : 0);
            if (size > 0 && (growth > bestGrowth || (growth == bestGrowth && size > bestSize))) {
                best = pid;
                bestGrowth = growth;
                bestSize = size;
            }
        }
        return best;
    }
}
