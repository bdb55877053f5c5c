package kos.threat;

import java.util.SplittableRandom;

/**
 * A task of the {@link ThreatMachine}: its scheduling state, the counters a kernel keeps for it
 * (the only things a detector may read, through {@link TaskCounters}), and the behaviour driving it.
 * The {@code hostile} flag is ground truth for labels and scoring, never a feature.
 */
public final class ThreatTask {
    final int pid;
    final int ppid;
    final int depth;
    final String name;
    final Behaviour behaviour;
    final boolean hostile;
    final boolean kthread;
    final long bornNs;
    /** The task's own random stream: the same task draws the same numbers with or without an attack beside it. */
    final SplittableRandom rng;

    int nice;
    int weight;
    boolean runnable;
    boolean alive = true;
    boolean ranSinceWake;
    /** Whether the task ran in some slot of the current tick (for {@link TaskCounters#ticksRan}). */
    boolean ranThisTick;

    long vruntime;
    long diedNs = -1;
    String killedBy;

    /** Kernel-visible counters, cumulative since birth. */
    final TaskCounters c = new TaskCounters();
    /** Simulated cache: MiB of the shared last-level cache this task occupies. */
    double cacheOccMiB;
    /** The behaviour's private state. */
    long a, b, d;

    double work;
    int phase;

    ThreatTask(
            int pid,
            int ppid,
            int depth,
            String name,
            Behaviour behaviour,
            boolean hostile,
            boolean kthread,
            long bornNs,
            long seed) {
        this.pid = pid;
        this.ppid = ppid;
        this.depth = depth;
        this.name = name;
        this.behaviour = behaviour;
        this.hostile = hostile;
        this.kthread = kthread;
        this.bornNs = bornNs;
        this.rng = new SplittableRandom(seed);
        this.weight = ThreatMachine.weightOf(0);
    }

    public int pid() {
        return pid;
    }

    public int ppid() {
        return ppid;
    }

    public String name() {
        return name;
    }

    public boolean alive() {
        return alive;
    }

    /** Ground truth (the generator's role), for labels and scoring only. */
    public boolean hostile() {
        return hostile;
    }

    /** Kernel threads are never acted on (the responder's allowlist excludes them). */
    public boolean kthread() {
        return kthread;
    }

    public int nice() {
        return nice;
    }

    public int depth() {
        return depth;
    }

    public long bornNs() {
        return bornNs;
    }

    public String killedBy() {
        return killedBy;
    }

    public TaskCounters counters() {
        return c;
    }
}
