package kos.threat;

/**
 * What a kernel counts per task (schedstat, /proc/PID/stat, perf counters, page owner), cumulative
 * since the task's birth. Times in nanoseconds, memory in 4 KiB pages, cache traffic in MiB.
 */
public final class TaskCounters {
    /** Precise on-CPU time (sum_exec_runtime, from context-switch timestamps). */
    public long runtimeNs;
    /** Time charged by the tick (utime+stime as a tick-sampled kernel accounts it). */
    public long chargedNs;

    /** Ticks in which the task ran at least one slot, and of them those it was running at (was charged). */
    public long ticksRan, ticksCharged;

    public long wakeups;
    /** Voluntary sleeps; and those that began in the last slot before a tick (from their timestamps). */
    public long sleeps, sleepsBeforeTick;
    /** Bursts: on-CPU runs between a wake-up and the next sleep. */
    public long bursts;

    public long forks, forkFailures;
    public long allocUnmovable, freeUnmovable, allocMovable, freeMovable, allocHighOrder, allocFailures;
    /** Pages held now. */
    public long pagesHeld;

    public double llcAccessMiB, llcMissMiB;
    /** LLC occupancy integrated over time, MiB x ms (resctrl's occupancy sampled every slot). */
    public double llcOccupancyMiBMs;

    public TaskCounters copy() {
        TaskCounters t = new TaskCounters();
        t.runtimeNs = runtimeNs;
        t.chargedNs = chargedNs;
        t.ticksRan = ticksRan;
        t.ticksCharged = ticksCharged;
        t.wakeups = wakeups;
        t.sleeps = sleeps;
        t.sleepsBeforeTick = sleepsBeforeTick;
        t.bursts = bursts;
        t.forks = forks;
        t.forkFailures = forkFailures;
        t.allocUnmovable = allocUnmovable;
        t.freeUnmovable = freeUnmovable;
        t.allocMovable = allocMovable;
        t.freeMovable = freeMovable;
        t.allocHighOrder = allocHighOrder;
        t.allocFailures = allocFailures;
        t.pagesHeld = pagesHeld;
        t.llcAccessMiB = llcAccessMiB;
        t.llcMissMiB = llcMissMiB;
        t.llcOccupancyMiBMs = llcOccupancyMiBMs;
        return t;
    }
}
