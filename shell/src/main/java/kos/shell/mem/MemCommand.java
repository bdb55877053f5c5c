package kos.shell.mem;

import kos.mem.OomPolicy;
import kos.mem.PhysicalMemory;
import kos.mem.Swap;
import kos.shell.Args;
import kos.shell.CommandGroup;
import kos.shell.ShellCommand;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mem init}: create the simulated physical memory. */
@Command(
        name = "mem",
        description = "Create the simulated physical memory (see also memctl).",
        subcommands = {MemCommand.Init.class})
public final class MemCommand extends CommandGroup {

    @Command(
            name = "init",
            description = {
                "Create one zone of SIZE (a multiple of 4MiB, 4MiB..16GiB; default 512MiB) of 4KiB pages,",
                "and register the memory workloads (leak, frag-storm, high-order, burst, page-cache, steady-high, sawtooth)."
            })
    static final class Init extends ShellCommand {
        @Parameters(paramLabel = "SIZE", defaultValue = "512MiB", description = "Zone size (default ${DEFAULT-VALUE}).")
        Args.Size size;

        @Option(names = "--no-grouping", description = "Switch off grouping of pageblocks by mobility.")
        boolean noGrouping;

        @Option(
                names = "--oom-policy",
                paramLabel = "panic|kill",
                description = "What an out-of-memory event does (default panic).")
        String policy;

        @Option(names = "--proactive", description = "Switch proactive compaction on (kcompactd, proactiveness 20).")
        boolean proactive;

        @Option(
                names = "--swap",
                paramLabel = "SIZE",
                description = "Add a swap device of SIZE (4KiB..64GiB): reclaim writes the oldest anonymous memory"
                        + " to it, and an access reads it back (a memory stall). Default: no swap.")
        Args.Size swapSize;

        @Option(
                names = "--swappiness",
                paramLabel = "N",
                description = "With --swap: vm.swappiness, 0..200 (default 60): the share N/200 of each reclaim"
                        + " taken from anonymous memory while the page cache is thrashing (refaults).")
        Integer swappiness;

        @Override
        public void run() {
            OomPolicy p = policy == null ? OomPolicy.PANIC : OomPolicy.parse(policy);
            if (swappiness != null && swapSize == null) {
                throw new KosException("--swappiness needs --swap SIZE");
            }
            int swappy = swappiness == null ? Swap.DEFAULT_SWAPPINESS : swappiness;
            PhysicalMemory mem = PhysicalMemory.install(session.sim(), size.bytes());
            mem.zone().grouping(!noGrouping);
            mem.oomPolicy(p);
            mem.proactiveCompaction(proactive);
            if (swapSize != null) {
                mem.enableSwap(swapSize.bytes(), swappy);
            }
            var w = mem.watermarks();
            session.out()
                    .println("memory: " + Quantities.formatBytes(size.bytes()) + " ("
                            + mem.zone().pages()
                            + " pages of 4KiB), watermarks min " + w.min() + " low " + w.low() + " high " + w.high()
                            + " pages, grouping " + (noGrouping ? "off" : "on") + ", oom policy " + p.label()
                            + ", proactive compaction " + (proactive ? "on" : "off")
                            + (swapSize == null
                                    ? ""
                                    : ", swap " + Quantities.formatBytes(swapSize.bytes()) + " (swappiness " + swappy
                                            + ")"));
        }
    }
}
