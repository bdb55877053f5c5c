package kos.llm.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import kos.llm.state.StateSnapshot.Action;
import kos.llm.state.StateSnapshot.Cpu;
import kos.llm.state.StateSnapshot.Io;
import kos.llm.state.StateSnapshot.Memory;
import kos.llm.state.StateSnapshot.Proc;
import kos.llm.state.StateSnapshot.Risk;
import kos.llm.state.StateSnapshot.Sched;
import kos.mem.BuddyAllocator;
import kos.mem.Fragmentation;
import kos.mem.PhysicalMemory;
import kos.sched.SchedStats;
import kos.sched.Scheduler;
import kos.sched.Task;
import kos.sim.ProcessTable;
import kos.sim.Simulation;

/**
 * Reads a {@link StateSnapshot} from a simulation. It only looks: it never creates memory or a
 * scheduler, schedules no event and draws no random number, so asking questions leaves the trace
 * digest unchanged. What the simulation alone cannot say (the crash predictor, the autonomy log,
 * the attention scheduler) comes in as {@link Extras}, filled by whoever wires those subsystems.
 */
public final class SnapshotReader {
    private SnapshotReader() {}

    /**
     * The parts of a snapshot owned by subsystems outside kernel-sim.
     *
     * @param actions the newest actions, oldest first
     */
    public record Extras(Risk risk, List<Action> actions, String attention) {
        public static final Extras NONE = new Extras(Risk.NONE, List.of(), "");
    }

    public static StateSnapshot read(Simulation sim, Extras extras) {
        long now = sim.now();
        PhysicalMemory mem = sim.find(PhysicalMemory.class).orElse(null);
        Scheduler sched = sim.find(Scheduler.class).orElse(null);
        List<Proc> procs = processes(sim, mem, sched, now);
        List<Proc> byCpu = procs.stream()
                .filter(p -> p.cpuTimeNs() > 0)
                .sorted(Comparator.comparingLong(Proc::cpuTimeNs).reversed().thenComparingLong(Proc::pid))
                .limit(StateSnapshot.TOP)
                .toList();
        List<Proc> byMem = procs.stream()
                .filter(p -> p.memBytes() > 0)
                .sorted(Comparator.comparingLong(Proc::memBytes).reversed().thenComparingLong(Proc::pid))
                .limit(StateSnapshot.TOP)
                .toList();
        List<Cpu> cpus = new ArrayList<>();
        Sched s = null;
        Io io = Io.NONE;
        if (sched != null) {
            List<Task> running = sched.running();
            for (int c = 0; c < sched.cpuCount(); c++) {
                Task r = c < running.size() ? running.get(c) : null;
                cpus.add(new Cpu(
                        c,
                        sched.queue(c).size() + (r == null ? 0 : 1),
                        r == null ? -1 : r.pid(),
                        r == null ? "" : r.name()));
            }
            SchedStats st = sched.stats();
            s = new Sched(
                    st.policy(),
                    st.cpus(),
                    st.liveTasks(),
                    st.runnable() + st.running(),
                    st.blocked(),
                    100 * st.utilisation(),
                    st.deadlineMisses(),
                    st.switches(),
                    st.migrations(),
                    extras.attention());
            io = new Io(st.blocked(), st.voluntarySwitches());
        }
        return new StateSnapshot(
                now,
                mem == null ? null : memory(mem),
                cpus,
                byCpu,
                byMem,
                io,
                extras.risk(),
                s,
                extras.actions(),
                List.of());
    }

    private static Memory memory(PhysicalMemory m) {
        BuddyAllocator z = m.zone();
        long[] free = z.freeBlocks(new long[BuddyAllocator.NR_ORDERS]);
        List<Integer> failed = new ArrayList<>();
        for (int o = 0; o < BuddyAllocator.NR_ORDERS; o++) {
            if (m.allocFailures(o) > 0) {
                failed.add(o);
            }
        }
        long page = BuddyAllocator.PAGE_SIZE;
        PhysicalMemory.Counters c = m.counters();
        return new Memory(
                z.pages() * page,
                z.freePages() * page,
                (z.pages() - z.freePages()) * page,
                z.pageCachePages() * page,
                Fragmentation.unusableIndex(free, BuddyAllocator.PAGEBLOCK_ORDER) / 10.0,
                Fragmentation.fragmentationIndex(free, BuddyAllocator.PAGEBLOCK_ORDER),
                z.largestFreeOrder(),
                failed,
                c.failures(),
                c.oomEvents(),
                m.psiSome().percent(0),
                m.psiFull().percent(0));
    }

    private static List<Proc> processes(Simulation sim, PhysicalMemory mem, Scheduler sched, long now) {
        List<Proc> out = new ArrayList<>();
        for (ProcessTable.Process p : sim.processes().live()) {
            Task t = sched == null ? null : sched.task(p.pid());
            if (t != null && t.finished()) {
                continue;
            }
            long age = Math.max(1, now - p.startNs());
            long memBytes = mem == null ? 0 : mem.zone().ownerPages((int) p.pid()) * BuddyAllocator.PAGE_SIZE;
            long growth = (long) (memBytes * 1e9 / age);
            if (t == null) {
                out.add(new Proc(p.pid(), p.name(), p.kind(), "", -1, -1, 0, 0, 0, memBytes, growth, 0));
            } else {
                long cpuNs = t.cpuTimeNs();
                out.add(new Proc(
                        p.pid(),
                        p.name(),
                        p.kind(),
                        t.taskClass().label(),
                        t.cpu() >= 0 ? t.cpu() : t.queueCpu(),
                        t.pinnedCpu(),
                        t.nice(),
                        cpuNs,
                        100.0 * cpuNs / age,
                        memBytes,
                        growth,
                        t.deadlineMisses(now)));
            }
        }
        return out;
    }
}
