package kos.shell.memctl;

import kos.shell.app.Subsystems;
import kos.mem.BuddyAllocator;
import kos.mem.CompactionResult;
import kos.mem.Fragmentation;
import kos.mem.Mobility;
import kos.mem.OomPolicy;
import kos.mem.PhysicalMemory;
import kos.mem.Psi;
import kos.mem.ReclaimResult;
import kos.mem.Watermarks;
import kos.shell.Args;
import kos.shell.JsonOption;
import kos.shell.OnOff;
import kos.shell.Output;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code memctl}: inspect and poke the simulated memory. Every command initialises the default
 * 512 MiB zone first if there is none (saying so on stderr).
 */
@Command(name = "memctl",
        description = "Inspect and poke the simulated memory: status, buddyinfo, fragindex, watermarks, pressure, alloc, free, compact, reclaim, check, oom-policy.",
        subcommands = {MemctlCommand.Status.class, MemctlCommand.BuddyInfo.class, MemctlCommand.FragIndex.class,
                MemctlCommand.WatermarksCmd.class, MemctlCommand.Pressure.class, MemctlCommand.Alloc.class,
                MemctlCommand.Free.class, MemctlCommand.Compact.class, MemctlCommand.Reclaim.class,
                MemctlCommand.Check.class, MemctlCommand.OomPolicyCmd.class, MemctlCommand.Grouping.class,
                MemctlCommand.Proactive.class})
public final class MemctlCommand extends ShellCommand {

    @Override
    public void run() {
        runDefault(new Status());
    }

    static String pagesText(long pages) {
        return pages + " (" + Quantities.formatBytes(pages * BuddyAllocator.PAGE_SIZE) + ")";
    }

    public record StatusView(long totalPages, long freePages, long usedPages, long pageCachePages, long movablePages,
                             long unmovablePages, int largestFreeOrder, long liveAllocations, int mixedPageblocks, String oomPolicy,
                             boolean grouping, boolean proactiveCompaction, long[] allocSuccesses, long[] allocFailures,
                             PhysicalMemory.Counters counters) {
    }

    @Command(name = "status", description = "Pages by use, largest free block, allocation and reclaim/compaction/OOM counters.")
    static final class Status extends ShellCommand {
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            PhysicalMemory m = Subsystems.memory(session);
            BuddyAllocator z = m.zone();
            long[] ok = new long[BuddyAllocator.NR_ORDERS], fail = new long[BuddyAllocator.NR_ORDERS];
            for (int o = 0; o < ok.length; o++) {
                ok[o] = m.allocSuccesses(o);
                fail[o] = m.allocFailures(o);
            }
            StatusView v = new StatusView(z.pages(), z.freePages(), z.pages() - z.freePages(), z.pageCachePages(),
                    z.usedPages(Mobility.MOVABLE), z.usedPages(Mobility.UNMOVABLE), z.largestFreeOrder(), z.liveBlocks(), z.mixedPageblocks(),
                    m.oomPolicy().label(), z.grouping(), m.proactiveCompaction(), ok, fail, m.counters());
            Output.print(session, json.enabled(), v, () -> {
                PhysicalMemory.Counters c = v.counters();
                TextTable t = new TextTable("field", "value")
                        .row("total pages", pagesText(v.totalPages()))
                        .row("free", pagesText(v.freePages()))
                        .row("used", pagesText(v.usedPages()))
                        .row("  page cache", pagesText(v.pageCachePages()))
                        .row("  movable", pagesText(v.movablePages()))
                        .row("  unmovable", pagesText(v.unmovablePages()))
                        .row("largest free block", v.largestFreeOrder() < 0 ? "none" : "order " + v.largestFreeOrder())
                        .row("live allocations", v.liveAllocations())
                        .row("allocations ok/failed", sum(ok) + " / " + sum(fail))
                        .row("stall", Quantities.formatDuration(c.stallNs()))
                        .row("reclaim", c.reclaimedPages() + " pages freed, " + c.directReclaims() + " direct, " + c.kswapdRuns() + " kswapd runs")
                        .row("compaction", c.compactions() + " passes (" + c.directCompactions() + " direct, " + c.proactiveCompactions()
                                + " proactive, " + c.compactionsSkipped() + " skipped), " + c.migratedPages() + " pages migrated")
                        .row("mobility fallbacks", c.fallbacks() + " (" + c.steals() + " pageblocks stolen)")
                        .row("mixed pageblocks", v.mixedPageblocks() + " of " + (v.totalPages() >> BuddyAllocator.PAGEBLOCK_ORDER) + " (movable beside unmovable/reclaimable)")
                        .row("oom", c.oomEvents() + " events, " + c.oomKills() + " kills, " + c.oomPanics() + " panics")
                        .row("oom policy", v.oomPolicy())
                        .row("grouping by mobility", v.grouping() ? "on" : "off")
                        .row("proactive compaction", v.proactiveCompaction() ? "on" : "off");
                return t.toString();
            });
        }

        private static long sum(long[] a) {
            long s = 0;
            for (long x : a) {
                s += x;
            }
            return s;
        }
    }

    public record BuddyInfoView(int node, String zone, long[] free) {
    }

    /** The /proc/buddyinfo line: {@code Node 0, zone %8s} then {@code %6lu } per order. */
    static String buddyinfoLine(long[] free) {
        StringBuilder sb = new StringBuilder(String.format("Node %d, zone %8s ", 0, "Normal"));
        for (long f : free) {
            sb.append(String.format("%6d ", f));
        }
        return sb.toString();
    }

    @Command(name = "buddyinfo", description = "Free blocks per order, in the /proc/buddyinfo format.")
    static final class BuddyInfo extends ShellCommand {
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            long[] free = Subsystems.memory(session).zone().freeBlocks(new long[BuddyAllocator.NR_ORDERS]);
            Output.print(session, json.enabled(), new BuddyInfoView(0, "Normal", free), () -> buddyinfoLine(free));
        }
    }

    public record FragRow(int order, long freeBlocks, int fragmentationIndex, int unusableIndex) {
    }

    @Command(name = "fragindex",
            description = {"The fragmentation index and unusable free space index (x1000, kernel integer arithmetic) per order.",
                    "Fragmentation index: -1000 = a block is free; near 0 = failure would be lack of memory; near 1000 = fragmentation."})
    static final class FragIndex extends ShellCommand {
        @Option(names = "--order", paramLabel = "K", description = "Only this order (0..10).")
        Integer order;
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            if (order != null && (order < 0 || order > BuddyAllocator.MAX_ORDER)) {
                throw new KosException("--order " + order + " is out of range: expected 0..10");
            }
            long[] free = Subsystems.memory(session).zone().freeBlocks(new long[BuddyAllocator.NR_ORDERS]);
            List<FragRow> rows = new ArrayList<>();
            for (int k = 0; k <= BuddyAllocator.MAX_ORDER; k++) {
                if (order == null || order == k) {
                    rows.add(new FragRow(k, free[k], Fragmentation.fragmentationIndex(free, k), Fragmentation.unusableIndex(free, k)));
                }
            }
            Output.print(session, json.enabled(), order == null ? rows : rows.get(0), () -> {
                TextTable t = new TextTable("order", "free blocks", "fragindex", "unusable");
                rows.forEach(r -> t.row(r.order(), r.freeBlocks(), r.fragmentationIndex(), r.unusableIndex()));
                return t.toString();
            });
        }
    }

    public record WatermarkView(long minFreeKbytes, long minPages, long lowPages, long highPages, long freePages, String state) {
    }

    @Command(name = "watermarks", description = "MIN/LOW/HIGH watermarks (Linux derivation) and where free memory stands.")
    static final class WatermarksCmd extends ShellCommand {
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            PhysicalMemory m = Subsystems.memory(session);
            Watermarks w = m.watermarks();
            long free = m.zone().freePages();
            String state = free <= w.min() ? "at or below min (direct reclaim)" : free <= w.low() ? "at or below low (kswapd)"
                    : free < w.high() ? "between low and high" : "above high";
            WatermarkView v = new WatermarkView(w.minFreeKbytes(), w.min(), w.low(), w.high(), free, state);
            Output.print(session, json.enabled(), v, () -> new TextTable("watermark", "pages")
                    .row("min_free_kbytes", w.minFreeKbytes() + " kB")
                    .row("min", pagesText(w.min())).row("low", pagesText(w.low())).row("high", pagesText(w.high()))
                    .row("free", pagesText(free)).row("state", state).toString());
        }
    }

    public record PsiLine(double avg10, double avg60, double avg300, long totalUs) {
        static PsiLine of(Psi p, long totalNs) {
            return new PsiLine(p.percent(0), p.percent(1), p.percent(2), totalNs / 1000);
        }
    }

    public record PressureView(PsiLine some, PsiLine full) {
    }

    @Command(name = "pressure",
            description = "Memory PSI in the /proc/pressure/memory format (averages every 2s of simulated time; total in us).")
    static final class Pressure extends ShellCommand {
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            PhysicalMemory m = Subsystems.memory(session);
            long some = m.psiSomeTotalNs(), full = m.psiFullTotalNs();
            PressureView v = new PressureView(PsiLine.of(m.psiSome(), some), PsiLine.of(m.psiFull(), full));
            Output.print(session, json.enabled(), v, () -> line("some", m.psiSome(), some) + "\n" + line("full", m.psiFull(), full));
        }

        private static String line(String name, Psi p, long totalNs) {
            return name + " avg10=" + p.format(0) + " avg60=" + p.format(1) + " avg300=" + p.format(2) + " total=" + totalNs / 1000;
        }
    }

    public record AllocView(long handle, int order, long pages, String type, long pid, long pfn, long stallNs) {
    }

    @Command(name = "alloc",
            description = "Allocate SIZE (rounded up to a power-of-two number of pages, at most 4MiB) and print its handle.")
    static final class Alloc extends ShellCommand {
        @Parameters(paramLabel = "SIZE", description = "e.g. 4KiB, 64KiB, 2MiB.")
        Args.Size size;
        @Option(names = "--type", defaultValue = "movable", description = "unmovable, movable or reclaimable (default ${DEFAULT-VALUE}).")
        String type;
        @Option(names = "--owner", paramLabel = "PID", description = "Charge this live process (default: a 'memctl' process).")
        Long owner;
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            PhysicalMemory m = Subsystems.memory(session);
            Mobility t = Mobility.parse(type);
            int order = PhysicalMemory.orderFor(size.bytes());
            long pid;
            if (owner != null) {
                if (!session.sim().processes().isAlive(owner)) {
                    throw new KosException("--owner " + owner + " is not a live process");
                }
                pid = owner;
            } else {
                pid = m.shellPid();
            }
            long h = m.allocate(order, t, pid);
            if (h < 0) {
                String why = session.sim().crashed().map(c -> "; kernel crashed: " + c.cause() + ": " + c.detail()).orElse("");
                throw new KosException("allocation of order " + order + " (" + t.label() + ") failed" + why);
            }
            AllocView v = new AllocView(h, order, 1L << order, t.label(), pid, m.zone().pfnOf(h), m.lastStallNs());
            Output.print(session, json.enabled(), v, () -> "handle " + h + ": order " + order + " (" + pagesText(1L << order) + ") "
                    + t.label() + " for pid " + pid + " at pfn " + v.pfn() + (v.stallNs() > 0 ? ", stalled " + Quantities.formatDuration(v.stallNs()) : ""));
        }
    }

    @Command(name = "free", description = "Free an allocation by its handle.")
    static final class Free extends ShellCommand {
        @Parameters(paramLabel = "HANDLE", description = "A handle printed by 'memctl alloc'.")
        long handle;

        @Override
        public void run() {
            int pages = Subsystems.memory(session).free(handle);
            if (pages == 0) {
                throw new KosException("no live allocation with handle " + handle + " (unknown or already freed); nothing changed");
            }
            session.out().println("freed handle " + handle + ": " + pagesText(pages));
        }
    }

    @Command(name = "compact", description = "Run a full compaction pass now and report what it moved.")
    static final class Compact extends ShellCommand {
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            CompactionResult c = Subsystems.memory(session).compactNow();
            Output.print(session, json.enabled(), c, () -> "compaction: scanned " + c.scanned() + " pages, migrated " + c.migrated()
                    + " pages, cost " + Quantities.formatDuration(c.costNs()) + "; largest free order " + c.largestBefore() + " -> " + c.largestAfter());
        }
    }

    @Command(name = "reclaim", description = "Reclaim page cache now (oldest first) and report what it freed.")
    static final class Reclaim extends ShellCommand {
        @Parameters(paramLabel = "SIZE", arity = "0..1", description = "How much to reclaim (default: all page cache).")
        Args.Size size;
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            PhysicalMemory m = Subsystems.memory(session);
            long pages = size == null ? Math.max(1, m.zone().pageCachePages()) : (size.bytes() + BuddyAllocator.PAGE_SIZE - 1) / BuddyAllocator.PAGE_SIZE;
            ReclaimResult r = m.reclaimNow(pages);
            Output.print(session, json.enabled(), r, () -> "reclaim: freed " + pagesText(r.freed()) + " of page cache, cost " + Quantities.formatDuration(r.costNs()));
        }
    }

    public record CheckView(boolean ok, List<String> violations) {
    }

    @Command(name = "check",
            description = "Verify the allocator's invariants: no overlapping blocks, free blocks aligned and unmergeable, counts add up.")
    static final class Check extends ShellCommand {
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            List<String> v = Subsystems.memory(session).zone().check();
            Output.print(session, json.enabled(), new CheckView(v.isEmpty(), v),
                    () -> v.isEmpty() ? "memory check: ok" : "memory check: " + v.size() + " violation(s)\n  " + String.join("\n  ", v));
            if (!v.isEmpty()) {
                throw new KosException("memory invariants violated (" + v.size() + ")");
            }
        }
    }

    @Command(name = "oom-policy", description = "Show or set what an out-of-memory event does: panic (crash) or kill (largest process).")
    static final class OomPolicyCmd extends ShellCommand {
        @Parameters(paramLabel = "panic|kill", arity = "0..1")
        String policy;

        @Override
        public void run() {
            PhysicalMemory m = Subsystems.memory(session);
            if (policy != null) {
                m.oomPolicy(OomPolicy.parse(policy));
            }
            session.out().println("oom policy: " + m.oomPolicy().label());
        }
    }

    @Command(name = "grouping", description = "Show or switch grouping of pageblocks by mobility (on|off).")
    static final class Grouping extends ShellCommand {
        @Parameters(paramLabel = "on|off", arity = "0..1")
        String value;

        @Override
        public void run() {
            PhysicalMemory m = Subsystems.memory(session);
            if (value != null) {
                m.zone().grouping(OnOff.parse(value, "grouping"));
            }
            session.out().println("grouping by mobility: " + (m.zone().grouping() ? "on" : "off"));
        }
    }

    @Command(name = "proactive",
            description = "Show or switch proactive compaction (kcompactd every 500ms: starts above extfrag(9) 90, stops at 80).")
    static final class Proactive extends ShellCommand {
        @Parameters(paramLabel = "on|off", arity = "0..1")
        String value;

        @Override
        public void run() {
            PhysicalMemory m = Subsystems.memory(session);
            if (value != null) {
                m.proactiveCompaction(OnOff.parse(value, "proactive"));
            }
            session.out().println("proactive compaction: " + (m.proactiveCompaction() ? "on" : "off"));
        }
    }
}
