package kos.mem;

import java.util.SplittableRandom;
import kos.sim.EventTarget;
import kos.sim.KosException;
import kos.sim.Simulation;
import kos.sim.Workload;
import kos.sim.WorkloadParams;

/**
 * The common shape of a memory workload: it charges an owner process (its own, spawned at start,
 * or an existing one named by {@code --owner PID}), runs {@link #step} on the simulated clock with
 * a seeded random stream, and waits after each step for its interval plus the allocation stall
 * the step suffered, so memory pressure slows it down. It stops when its owner exits; stopping a
 * workload that spawned its own process ends that process, which frees its memory.
 *
 * <p>Common options: {@code --owner PID}; {@code --start DURATION}, a delay before the first step
 * (the workload's process exists from the start). Any option may be given as a range
 * {@code LOW..HIGH}, drawn per seed ({@link ParamRanges}).
 */
abstract class MemoryWorkload implements Workload, EventTarget {
    protected final PhysicalMemory mem;
    protected final SplittableRandom random;
    private final String name;
    private final long givenOwner;
    private final long startDelayNs;
    protected long pid = -1;
    private boolean stopped;
    /** Why the workload ended on its own (its owner exited or was killed), or null while it runs. */
    private String ended;

    private boolean started;
    private long generation;
    /** Stall accumulated by the current step. */
    protected long stepStallNs;

    MemoryWorkload(String name, Simulation sim, PhysicalMemory mem, WorkloadParams params) {
        this.name = name;
        this.mem = mem;
        this.givenOwner = params.integer("owner", -1, -1, Long.MAX_VALUE);
        this.startDelayNs = params.duration("start", 0);
        if (givenOwner >= 0 && !sim.processes().isAlive(givenOwner)) {
            throw new KosException("--owner " + givenOwner + " is not a live process (see the process list)");
        }
        this.random = sim.random().stream("mem.workload." + name + "." + mem.nextWorkloadSeq());
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void start(Simulation sim) {
        if (givenOwner >= 0) {
            pid = givenOwner;
            sim.processes().addExitListener((s, p, killed, reason) -> {
                if (p == pid) {
                    ownerGone(killed, reason);
                }
            });
        } else {
            pid = sim.processes().spawn(name, "workload", (s, p, killed, reason) -> ownerGone(killed, reason));
        }
        sim.scheduleAfter(startDelayNs, this, 0, generation);
    }

    /** The owner exited: its memory is freed by the exit listener, so what this workload held is gone. */
    private void ownerGone(boolean killed, String reason) {
        if (!stopped && ended == null) {
            ended = (killed ? "killed" : "exited") + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
        }
        stopped = true;
        released();
    }

    @Override
    public final void stop(Simulation sim) {
        if (stopped) {
            return;
        }
        stopped = true;
        generation++;
        if (givenOwner < 0) {
            sim.processes().exit(pid, "workload stopped");
        }
    }

    @Override
    public final void onEvent(Simulation sim, int kind, long arg) {
        if (stopped || arg != generation) {
            return;
        }
        if (!sim.processes().isAlive(pid)) {
            stopped = true;
            return;
        }
        if (!started) {
            started = true;
            mem.workloadStarted(name, sim.now());
            started();
        }
        stepStallNs = 0;
        long wait = step(sim);
        if (stopped || sim.crashed().isPresent() || !sim.processes().isAlive(pid)) {
            return;
        }
        sim.scheduleAfter(Math.max(1, wait) + stepStallNs, this, 0, generation);
    }

    /**
     * {@code workload list}'s line: what the workload does, or, once its owner has exited or been
     * killed, that it ended and its memory was freed (never the stale amount it held).
     */
    @Override
    public final String describe() {
        if (ended != null) {
            return name + " ended: pid " + pid + " " + ended + "; its memory was freed";
        }
        return describeRunning()
                + (!started && startDelayNs > 0
                        ? ", starts at +" + kos.sim.Quantities.formatDuration(startDelayNs)
                        : "");
    }

    /** One line on what the running workload does. */
    protected abstract String describeRunning();

    /** Called before the first step. */
    protected void started() {}

    /** Called when the owner's memory has been freed: forget the handles and amounts held. */
    protected void released() {}

    /** Does one step of work; returns the nanoseconds to wait before the next (stall is added). */
    protected abstract long step(Simulation sim);

    /** Allocates for the owner, adding the stall to this step; returns the handle or -1. */
    protected final long alloc(int order, Mobility type) {
        long h = mem.allocate(order, type, pid);
        stepStallNs += mem.lastStallNs();
        return h;
    }

    /**
     * Uses one of the owner's allocations ({@link PhysicalMemory#access}): a swapped-out block is
     * read back, its stall added to this step. Returns the handle that names it now, or -1.
     */
    protected final long access(long handle) {
        long h = mem.access(handle, pid, stepStallNs);
        stepStallNs += mem.lastStallNs();
        return h;
    }

    protected final String ownerText() {
        return "pid " + pid;
    }
}
