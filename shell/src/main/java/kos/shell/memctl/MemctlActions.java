package kos.shell.memctl;

import java.util.List;
import kos.mem.BuddyAllocator;
import kos.mem.CompactionResult;
import kos.mem.Mobility;
import kos.mem.OomPolicy;
import kos.mem.PhysicalMemory;
import kos.mem.ReclaimResult;
import kos.shell.Args;
import kos.shell.JsonCommand;
import kos.shell.OnOff;
import kos.shell.ShellCommand;
import kos.shell.app.Subsystems;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memctl alloc|free|compact|reclaim|check|oom-policy|grouping|proactive}: act on the simulated memory. */
final class MemctlActions {
    private MemctlActions() {}

    @Command(
            name = "alloc",
            description =
                    "Allocate SIZE (rounded up to a power-of-two number of pages, at most 4MiB) and print its handle.")
    static final class Alloc extends JsonCommand {
        @Parameters(paramLabel = "SIZE", description = "e.g. 4KiB, 64KiB, 2MiB.")
        Args.Size size;

        @Option(
                names = "--type",
                defaultValue = "movable",
                description = "unmovable, movable or reclaimable (default ${DEFAULT-VALUE}).")
        String type;

        @Option(
                names = "--owner",
                paramLabel = "PID",
                description = "Charge this live process (default: a 'memctl' process).")
        Long owner;

        @Override
        public void run() {
            PhysicalMemory m = Subsystems.memory(session);
            Mobility t = Mobility.parse(type);
            int order = PhysicalMemory.orderFor(size.bytes());
            long pid = owner();
            long h = m.allocate(order, t, pid);
            if (h < 0) {
                String why = session.sim()
                        .crashed()
                        .map(c -> "; kernel crashed: " + c.cause() + ": " + c.detail())
                        .orElse("");
                throw new KosException("allocation of order " + order + " (" + t.label() + ") failed" + why);
            }
            MemctlCommand.AllocView v = new MemctlCommand.AllocView(
                    h, order, 1L << order, t.label(), pid, m.zone().pfnOf(h), m.lastStallNs());
            print(
                    v,
                    () -> "handle " + h + ": order " + order + " (" + MemctlCommand.pagesText(1L << order) + ") "
                            + t.label() + " for pid " + pid + " at pfn " + v.pfn()
                            + (v.stallNs() > 0 ? ", stalled " + Quantities.formatDuration(v.stallNs()) : ""));
        }

        /** The pid to charge: {@code --owner} if it is alive, else memctl's own process. */
        private long owner() {
            if (owner == null) {
                return Subsystems.memory(session).shellPid();
            }
            if (!session.sim().processes().isAlive(owner)) {
                throw new KosException("--owner " + owner + " is not a live process");
            }
            return owner;
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
                throw new KosException(
                        "no live allocation with handle " + handle + " (unknown or already freed); nothing changed");
            }
            session.out().println("freed handle " + handle + ": " + MemctlCommand.pagesText(pages));
        }
    }

    @Command(name = "compact", description = "Run a full compaction pass now and report what it moved.")
    static final class Compact extends JsonCommand {

        @Override
        public void run() {
            CompactionResult c = Subsystems.memory(session).compactNow();
            print(
                    c,
                    () -> "compaction: scanned " + c.scanned() + " pages, migrated " + c.migrated() + " pages, cost "
                            + Quantities.formatDuration(c.costNs()) + "; largest free order " + c.largestBefore()
                            + " -> " + c.largestAfter());
        }
    }

    @Command(name = "reclaim", description = "Reclaim page cache now (oldest first) and report what it freed.")
    static final class Reclaim extends JsonCommand {
        @Parameters(paramLabel = "SIZE", arity = "0..1", description = "How much to reclaim (default: all page cache).")
        Args.Size size;

        @Override
        public void run() {
            PhysicalMemory m = Subsystems.memory(session);
            long pages = size == null
                    ? Math.max(1, m.zone().pageCachePages())
                    : (size.bytes() + BuddyAllocator.PAGE_SIZE - 1) / BuddyAllocator.PAGE_SIZE;
            ReclaimResult r = m.reclaimNow(pages);
            print(
                    r,
                    () -> "reclaim: freed " + MemctlCommand.pagesText(r.freed()) + " of page cache, cost "
                            + Quantities.formatDuration(r.costNs()));
        }
    }

    public record CheckView(boolean ok, List<String> violations) {}

    @Command(
            name = "check",
            description =
                    "Verify the allocator's invariants: no overlapping blocks, free blocks aligned and unmergeable, counts add up.")
    static final class Check extends JsonCommand {

        @Override
        public void run() {
            List<String> v = Subsystems.memory(session).check();
            print(
                    new CheckView(v.isEmpty(), v),
                    () -> v.isEmpty()
                            ? "memory check: ok"
                            : "memory check: " + v.size() + " violation(s)\n  " + String.join("\n  ", v));
            if (!v.isEmpty()) {
                throw new KosException("memory invariants violated (" + v.size() + ")");
            }
        }
    }

    @Command(
            name = "oom-policy",
            description = "Show or set what an out-of-memory event does: panic (crash) or kill (largest process).")
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

    /** A memory setting shown by its name alone and switched by {@code on} or {@code off}. */
    abstract static class MemorySwitch extends ShellCommand {
        @Parameters(paramLabel = "on|off", arity = "0..1")
        String value;

        /** How the setting is named in the answer and in errors. */
        abstract String label();

        abstract boolean get(PhysicalMemory m);

        abstract void set(PhysicalMemory m, boolean on);

        @Override
        public final void run() {
            PhysicalMemory m = Subsystems.memory(session);
            if (value != null) {
                set(m, OnOff.parse(value, label()));
            }
            session.out().println(label() + ": " + OnOff.word(get(m)));
        }
    }

    @Command(name = "grouping", description = "Show or switch grouping of pageblocks by mobility (on|off).")
    static final class Grouping extends MemorySwitch {
        @Override
        String label() {
            return "grouping by mobility";
        }

        @Override
        boolean get(PhysicalMemory m) {
            return m.zone().grouping();
        }

        @Override
        void set(PhysicalMemory m, boolean on) {
            m.zone().grouping(on);
        }
    }

    @Command(
            name = "proactive",
            description =
                    "Show or switch proactive compaction (kcompactd every 500ms: starts above extfrag(9) 90, stops at 80).")
    static final class Proactive extends MemorySwitch {
        @Override
        String label() {
            return "proactive compaction";
        }

        @Override
        boolean get(PhysicalMemory m) {
            return m.proactiveCompaction();
        }

        @Override
        void set(PhysicalMemory m, boolean on) {
            m.proactiveCompaction(on);
        }
    }
}
