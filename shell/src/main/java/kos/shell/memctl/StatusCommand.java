package kos.shell.memctl;

import kos.mem.BuddyAllocator;
import kos.mem.Mobility;
import kos.mem.PhysicalMemory;
import kos.shell.JsonCommand;
import kos.shell.TextTable;
import kos.shell.app.Subsystems;
import kos.sim.Quantities;
import picocli.CommandLine.Command;

/** {@code memctl status} (and plain {@code memctl}): pages by use and the memory counters. */
@Command(
        name = "status",
        description = "Pages by use, largest free block, allocation and reclaim/compaction/OOM counters.")
final class StatusCommand extends JsonCommand {

    /** The zone's pages by use and the counters; {@code allocSuccesses[k]} and failures per order k. */
    public record StatusView(
            long totalPages,
            long freePages,
            long usedPages,
            long pageCachePages,
            long movablePages,
            long unmovablePages,
            int largestFreeOrder,
            long liveAllocations,
            int mixedPageblocks,
            String oomPolicy,
            boolean grouping,
            boolean proactiveCompaction,
            long[] allocSuccesses,
            long[] allocFailures,
            PhysicalMemory.Counters counters,
            long swapTotalPages,
            long swapUsedPages) {

        static StatusView of(PhysicalMemory m) {
            BuddyAllocator z = m.zone();
            long[] ok = new long[BuddyAllocator.NR_ORDERS], fail = new long[BuddyAllocator.NR_ORDERS];
            for (int o = 0; o < ok.length; o++) {
                ok[o] = m.allocSuccesses(o);
                fail[o] = m.allocFailures(o);
            }
            return new StatusView(
                    z.pages(),
                    z.freePages(),
                    z.pages() - z.freePages(),
                    z.pageCachePages(),
                    z.usedPages(Mobility.MOVABLE),
                    z.usedPages(Mobility.UNMOVABLE),
                    z.largestFreeOrder(),
                    z.liveBlocks(),
                    z.mixedPageblocks(),
                    m.oomPolicy().label(),
                    z.grouping(),
                    m.proactiveCompaction(),
                    ok,
                    fail,
                    m.counters(),
                    m.swap() == null ? 0 : m.swap().totalPages(),
                    m.swap() == null ? 0 : m.swap().usedPages());
        }

        String render() {
            PhysicalMemory.Counters c = counters;
            return new TextTable("field", "value")
                    .row("total pages", pagesText(totalPages))
                    .row("free", pagesText(freePages))
                    .row("used", pagesText(usedPages))
                    .row("  page cache", pagesText(pageCachePages))
                    .row("  movable", pagesText(movablePages))
                    .row("  unmovable", pagesText(unmovablePages))
                    .row("largest free block", largestFreeOrder < 0 ? "none" : "order " + largestFreeOrder)
                    .row("live allocations", liveAllocations)
                    .row("allocations ok/failed", sum(allocSuccesses) + " / " + sum(allocFailures))
                    .row("stall", Quantities.formatDuration(c.stallNs()))
                    .row(
                            "reclaim",
                            c.reclaimedPages() + " pages freed, " + c.directReclaims() + " direct, " + c.kswapdRuns()
                                    + " kswapd runs")
                    .row(
                            "compaction",
                            c.compactions() + " passes (" + c.directCompactions() + " direct, "
                                    + c.proactiveCompactions() + " proactive, " + c.compactionsSkipped()
                                    + " skipped), " + c.migratedPages() + " pages migrated")
                    .row("mobility fallbacks", c.fallbacks() + " (" + c.steals() + " pageblocks stolen)")
                    .row(
                            "mixed pageblocks",
                            mixedPageblocks + " of " + (totalPages >> BuddyAllocator.PAGEBLOCK_ORDER)
                                    + " (movable beside unmovable/reclaimable)")
                    .row("oom", c.oomEvents() + " events, " + c.oomKills() + " kills, " + c.oomPanics() + " panics")
                    .row(
                            "swap",
                            swapTotalPages == 0
                                    ? "none"
                                    : pagesText(swapUsedPages) + " used of " + pagesText(swapTotalPages) + ", "
                                            + c.swapOutPages() + " pages out, " + c.swapInPages() + " in ("
                                            + Quantities.formatDuration(c.swapInStallNs()) + " stalled)")
                    .row("oom policy", oomPolicy)
                    .row("grouping by mobility", grouping ? "on" : "off")
                    .row("proactive compaction", proactiveCompaction ? "on" : "off")
                    .toString();
        }

        private static String pagesText(long pages) {
            return MemctlCommand.pagesText(pages);
        }

        private static long sum(long[] a) {
            long s = 0;
            for (long x : a) {
                s += x;
            }
            return s;
        }
    }

    @Override
    public void run() {
        StatusView v = StatusView.of(Subsystems.memory(session));
        print(v, v::render);
    }
}
