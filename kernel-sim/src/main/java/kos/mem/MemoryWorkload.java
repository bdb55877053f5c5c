package kos.mem;

import kos.sim.EventTarget;
import kos.sim.KosException;
import kos.sim.Simulation;
import kos.sim.Workload;
import kos.sim.WorkloadParams;

import java.util.SplittableRandom;

/**
 * The common shape of a memory workload: it charges an owner process (its own, spawned at start,
 * or an existing one named by {@code --owner PID}), runs {@link #step} on the simulated clock with
 * a seeded random stream, and waits after each step for its interval plus the allocation stall
 * the step suffered, so memory pressure slows it down. It stops when its owner exits; stopping a
 * workload that spawned its own process ends that process, which frees its memory.
 */
abstract class MemoryWorkload implements Workload, EventTarget {
    protected final PhysicalMemory mem;
    protected final SplittableRandom random;
    private final String name;
    private final long givenOwner;
    protected long pid = -1;
    private boolean stopped;
    private long generation;
    /** Stall accumulated by the current step. */
    protected long stepStallNs;

    MemoryWorkload(String name, Simulation sim, PhysicalMemory mem, WorkloadParams params) {
        this.name = name;
        this.mem = mem;
        this.givenOwner = params.integer("owner", -1, -1, Long.MAX_VALUE);
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
        } else {
            pid = sim.processes().spawn(name, "workload", (s, p, killed, reason) -> stopped = true);
        }
        sim.scheduleAfter(0, this, 0, generation);
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
        stepStallNs = 0;
        long wait = step(sim);
        if (stopped || sim.crashed().isPresent() || !sim.processes().isAlive(pid)) {
            return;
        }
        sim.scheduleAfter(Math.max(1, wait) + stepStallNs, this, 0, generation);
    }

    /** Does one step of work; returns the nanoseconds to wait before the next (stall is added). */
    protected abstract long step(Simulation sim);

    /** Allocates for the owner, adding the stall to this step; returns the handle or -1. */
    protected final long alloc(int order, Mobility type) {
        long h = mem.allocate(order, type, pid);
        stepStallNs += mem.lastStallNs();
        return h;
    }

    protected final String ownerText() {
        return "pid " + pid;
    }
}
