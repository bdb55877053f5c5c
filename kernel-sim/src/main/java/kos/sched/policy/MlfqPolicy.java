package kos.sched.policy;

import kos.sched.EnqueueReason;
import kos.sched.SchedContext;
import kos.sched.SchedTask;
import kos.sched.SchedulingPolicy;
import kos.sim.Quantities;

/**
 * The multi-level feedback queue of OSTEP chapter 8, rules 1-5: (1) a task in a higher queue runs
 * first, and a waking task preempts a running one of a lower queue; (2) within a queue, round robin
 * with the queue's quantum; (3) a new task enters the top queue (level 0); (4) once a task has used
 * its allotment at a level, however many times it gave up the CPU, it moves down one level (the
 * bottom level keeps it); (5) every {@code boost} of virtual time, all tasks move to the top.
 *
 * <p>Per task it keeps the level in {@link SchedTask#level()}, the CPU used at that level in
 * {@link SchedTask#levelUsedNs()} and the boost epoch it last saw in {@link SchedTask#boostEpoch()}. The boost
 * is applied lazily at the first decision at or after each multiple of the boost period: queued
 * tasks move to the top at once (in level order), a running or sleeping task when next seen.
 * The quantum of level {@code l} is {@code quantum * growth^l}.
 */
public final class MlfqPolicy implements SchedulingPolicy {
    private final SchedContext ctx;
    private final TaskList[] levels;
    private final long quantumNs, allotmentNs, boostNs;
    private final int growth;
    private long epoch;
    private int size;

    /** @param boostNs the boost period, or 0 for none */
    public MlfqPolicy(SchedContext ctx, int levels, long quantumNs, long allotmentNs, long boostNs, int growth) {
        this.ctx = ctx;
        this.levels = new TaskList[levels];
        for (int i = 0; i < levels; i++) {
            this.levels[i] = new TaskList();
        }
        this.quantumNs = quantumNs;
        this.allotmentNs = allotmentNs;
        this.boostNs = boostNs;
        this.growth = growth;
    }

    @Override
    public String name() {
        return "mlfq";
    }

    @Override
    public String describe() {
        return "mlfq levels=" + levels.length + " quantum=" + Quantities.formatDuration(quantumNs) + " allotment="
                + Quantities.formatDuration(allotmentNs) + " boost=" + (boostNs == 0 ? "off" : Quantities.formatDuration(boostNs))
                + (growth == 1 ? "" : " growth=" + growth);
    }

    private long scaled(long base, int level) {
        long v = base;
        for (int i = 0; i < level && v < Long.MAX_VALUE / growth; i++) {
            v *= growth;
        }
        return v;
    }

    /** Applies a due boost and brings {@code t}'s level up to date with it. */
    private void sync(SchedTask t) {
        if (boostNs > 0) {
            long e = ctx.now() / boostNs;
            if (e > epoch) {
                epoch = e;
                for (int l = 1; l < levels.length; l++) {
                    levels[0].appendAll(levels[l]);
                }
                // tasks now in the top queue must see the new epoch when they run
                for (int i = levels[0].peek(); i >= 0; i = levels[0].next(i)) {
                    SchedTask q = ctx.task(i);
                    q.level(0);
                    q.levelUsedNs(0);
                    q.boostEpoch(epoch);
                }
            }
        }
        if (t != null && t.boostEpoch() < epoch) {
            t.level(0);
            t.levelUsedNs(0);
            t.boostEpoch(epoch);
        }
    }

    @Override
    public void enqueue(SchedTask t, EnqueueReason why) {
        if (why == EnqueueReason.NEW || why == EnqueueReason.POLICY_CHANGE) {
            t.level(0);
            t.levelUsedNs(0);
            t.boostEpoch(epoch);
        }
        sync(t);
        levels[t.level()].addLast(t.index());
        size++;
    }

    @Override
    public void dequeue(SchedTask t, EnqueueReason why) {
        if (levels[t.level()].remove(t.index())) {
            size--;
        }
    }

    @Override
    public SchedTask pickNext(int cpu) {
        sync(null);
        for (TaskList l : levels) {
            int i = l.poll();
            if (i >= 0) {
                size--;
                return ctx.task(i);
            }
        }
        return null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public long sliceNs(SchedTask t, int cpu) {
        long left = scaled(allotmentNs, t.level()) - t.levelUsedNs();
        return Math.max(1, Math.min(scaled(quantumNs, t.level()), left));
    }

    @Override
    public void stopped(SchedTask t, long ranNs) {
        sync(t);
        long used = t.levelUsedNs() + ranNs;
        if (used >= scaled(allotmentNs, t.level())) {
            t.level(Math.min(t.level() + 1, levels.length - 1));
            used = 0;
        }
        t.levelUsedNs(used);
    }

    @Override
    public boolean shouldPreempt(SchedTask running, long ranNs, SchedTask woken) {
        sync(running);
        return woken.level() < running.level();
    }
}
