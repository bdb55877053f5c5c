package kos.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The simulated processes: scheduler tasks and standalone workload actors. Memory is charged to a
 * process id, so killing a process (by the OOM killer, the autonomy loop or a user) tells every
 * subsystem that holds something of it to let go: its task leaves the run queue, its workloads
 * stop, and its pages are freed.
 *
 * <p>Process ids start at 1 and are never reused within a run. Listeners are called in the order
 * they were added, which is fixed by how the simulation is assembled, so exits are deterministic.
 */
public final class ProcessTable {
    private static final TraceKind SPAWN = TraceKind.of("proc.spawn", "pid");
    private static final TraceKind EXIT = TraceKind.of("proc.exit", "pid", "killed");

    /** A live process as listed by {@code ps}. */
    public record Process(long pid, String name, String kind, long startNs) {}

    /** Told when any process ends, normally or killed. */
    @FunctionalInterface
    public interface ExitListener {
        void onExit(Simulation sim, long pid, boolean killed, String reason);
    }

    private final Simulation sim;
    private final TreeMap<Long, Process> live = new TreeMap<>();
    private final TreeMap<Long, ExitListener> ownHandlers = new TreeMap<>();
    private final List<ExitListener> listeners = new ArrayList<>();
    private long nextPid = 1;
    private long exited, killed;

    ProcessTable(Simulation sim) {
        this.sim = sim;
    }

    /**
     * Creates a process.
     *
     * @param onExit called first when the process ends (stop its own events), or null
     * @return its pid
     */
    public long spawn(String name, String kind, ExitListener onExit) {
        long pid = nextPid++;
        live.put(pid, new Process(pid, name, kind, sim.now()));
        if (onExit != null) {
            ownHandlers.put(pid, onExit);
        }
        sim.trace().record(SPAWN, sim.now(), pid, 0, 0);
        return pid;
    }

    /** Adds a listener told of every exit after the process's own handler. */
    public void addExitListener(ExitListener listener) {
        listeners.add(listener);
    }

    public boolean isAlive(long pid) {
        return live.containsKey(pid);
    }

    public Process get(long pid) {
        return live.get(pid);
    }

    public Collection<Process> live() {
        return List.copyOf(live.values());
    }

    /** Ends a process normally. Returns false if it was not alive. */
    public boolean exit(long pid, String reason) {
        return end(pid, false, reason);
    }

    /** Kills a process. Returns false if it was not alive. */
    public boolean kill(long pid, String reason) {
        return end(pid, true, reason);
    }

    public long exitedCount() {
        return exited;
    }

    public long killedCount() {
        return killed;
    }

    private boolean end(long pid, boolean byKill, String reason) {
        if (live.remove(pid) == null) {
            return false;
        }
        if (byKill) {
            killed++;
        } else {
            exited++;
        }
        sim.trace().record(EXIT, sim.now(), pid, byKill ? 1 : 0, 0);
        ExitListener own = ownHandlers.remove(pid);
        if (own != null) {
            own.onExit(sim, pid, byKill, reason);
        }
        for (ExitListener l : listeners) {
            l.onExit(sim, pid, byKill, reason);
        }
        return true;
    }
}
