package kos.shell.memctl;

import java.util.ArrayList;
import java.util.List;
import kos.mem.BuddyAllocator;
import kos.mem.Fragmentation;
import kos.mem.PhysicalMemory;
import kos.mem.Psi;
import kos.mem.Watermarks;
import kos.shell.JsonCommand;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.shell.app.Subsystems;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code memctl}: inspect and poke the simulated memory. Every command initialises the default
 * 512 MiB zone first if there is none (saying so on stderr).
 */
@Command(
        name = "memctl",
        description =
                "Inspect and poke the simulated memory: status, buddyinfo, fragindex, watermarks, pressure, alloc, free, compact, reclaim, check, oom-policy.",
        subcommands = {
            StatusCommand.class,
            MemctlCommand.BuddyInfo.class,
            MemctlCommand.FragIndex.class,
            MemctlCommand.WatermarksCmd.class,
            MemctlCommand.Pressure.class,
            MemctlActions.Alloc.class,
            MemctlActions.Free.class,
            MemctlActions.Compact.class,
            MemctlActions.Reclaim.class,
            MemctlActions.Check.class,
            MemctlActions.OomPolicyCmd.class,
            MemctlActions.Grouping.class,
            MemctlActions.Proactive.class,
            MemctlPrefetchCommand.class
        })
public final class MemctlCommand extends ShellCommand {

    @Override
    public void run() {
        runDefault(new StatusCommand());
    }

    static String pagesText(long pages) {
        return pages + " (" + Quantities.formatBytes(pages * BuddyAllocator.PAGE_SIZE) + ")";
    }

    public record BuddyInfoView(int node, String zone, long[] free) {}

    /** The /proc/buddyinfo line: {@code Node 0, zone %8s} then {@code %6lu } per order. */
    static String buddyinfoLine(long[] free) {
        StringBuilder sb = new StringBuilder(String.format("Node %d, zone %8s ", 0, "Normal"));
        for (long f : free) {
            sb.append(String.format("%6d ", f));
        }
        return sb.toString();
    }

    @Command(name = "buddyinfo", description = "Free blocks per order, in the /proc/buddyinfo format.")
    static final class BuddyInfo extends JsonCommand {

        @Override
        public void run() {
            long[] free = Subsystems.memory(session).zone().freeBlocks(new long[BuddyAllocator.NR_ORDERS]);
            print(new BuddyInfoView(0, "Normal", free), () -> buddyinfoLine(free));
        }
    }

    public record FragRow(int order, long freeBlocks, int fragmentationIndex, int unusableIndex) {}

    @Command(
            name = "fragindex",
            description = {
                "The fragmentation index and unusable free space index (x1000, kernel integer arithmetic) per order.",
                "Fragmentation index: -1000 = a block is free; near 0 = failure would be lack of memory; near 1000 = fragmentation."
            })
    static final class FragIndex extends JsonCommand {
        @Option(names = "--order", paramLabel = "K", description = "Only this order (0..10).")
        Integer order;

        @Override
        public void run() {
            if (order != null && (order < 0 || order > BuddyAllocator.MAX_ORDER)) {
                throw new KosException("--order " + order + " is out of range: expected 0..10");
            }
            long[] free = Subsystems.memory(session).zone().freeBlocks(new long[BuddyAllocator.NR_ORDERS]);
            List<FragRow> rows = new ArrayList<>();
            for (int k = 0; k <= BuddyAllocator.MAX_ORDER; k++) {
                if (order == null || order == k) {
                    rows.add(new FragRow(
                            k,
                            free[k],
                            Fragmentation.fragmentationIndex(free, k),
                            Fragmentation.unusableIndex(free, k)));
                }
            }
            print(order == null ? rows : rows.get(0), () -> {
                TextTable t = new TextTable("order", "free blocks", "fragindex", "unusable");
                rows.forEach(r -> t.row(r.order(), r.freeBlocks(), r.fragmentationIndex(), r.unusableIndex()));
                return t.toString();
            });
        }
    }

    public record WatermarkView(
            long minFreeKbytes, long minPages, long lowPages, long highPages, long freePages, String state) {}

    @Command(
            name = "watermarks",
            description = "MIN/LOW/HIGH watermarks (Linux derivation) and where free memory stands.")
    static final class WatermarksCmd extends JsonCommand {

        @Override
        public void run() {
            PhysicalMemory m = Subsystems.memory(session);
            Watermarks w = m.watermarks();
            long free = m.zone().freePages();
            String state = free <= w.min()
                    ? "at or below min (direct reclaim)"
                    : free <= w.low()
                            ? "at or below low (kswapd)"
                            : free < w.high() ? "between low and high" : "above high";
            WatermarkView v = new WatermarkView(w.minFreeKbytes(), w.min(), w.low(), w.high(), free, state);
            print(
                    v,
                    () -> new TextTable("watermark", "pages")
                            .row("min_free_kbytes", w.minFreeKbytes() + " kB")
                            .row("min", pagesText(w.min()))
                            .row("low", pagesText(w.low()))
                            .row("high", pagesText(w.high()))
                            .row("free", pagesText(free))
                            .row("state", state)
                            .toString());
        }
    }

    public record PsiLine(double avg10, double avg60, double avg300, long totalUs) {
        static PsiLine of(Psi p, long totalNs) {
            return new PsiLine(p.percent(0), p.percent(1), p.percent(2), totalNs / 1000);
        }
    }

    public record PressureView(PsiLine some, PsiLine full) {}

    @Command(
            name = "pressure",
            description =
                    "Memory PSI in the /proc/pressure/memory format (averages every 2s of simulated time; total in us).")
    static final class Pressure extends JsonCommand {

        @Override
        public void run() {
            PhysicalMemory m = Subsystems.memory(session);
            long some = m.psiSomeTotalNs(), full = m.psiFullTotalNs();
            PressureView v = new PressureView(PsiLine.of(m.psiSome(), some), PsiLine.of(m.psiFull(), full));
            print(v, () -> line("some", m.psiSome(), some) + "\n" + line("full", m.psiFull(), full));
        }

        private static String line(String name, Psi p, long totalNs) {
            return name + " avg10=" + p.format(0) + " avg60=" + p.format(1) + " avg300=" + p.format(2) + " total="
                    + totalNs / 1000;
        }
    }

    public record AllocView(long handle, int order, long pages, String type, long pid, long pfn, long stallNs) {}
}
