package kos.sched.policy;

import kos.sched.EnqueueReason;
import kos.sched.SchedContext;
import kos.sched.SchedTask;
import kos.sched.SchedulingPolicy;

/**
 * First in, first out, run to completion (or until the task blocks): tasks run in the order they
 * became runnable; a task that arrives at the same instant as another comes after it in spawn
 * (then id) order, as the engine delivers same-time arrivals in that order. With {@code quantum}
 * set this is round robin: a task whose slice ends goes to the tail.
 */
public final class FifoPolicy implements SchedulingPolicy {
    private final SchedContext ctx;
    private final String name;
    private final long quantumNs;
    private final TaskList queue = new TaskList();

    /** @param quantumNs the round-robin quantum, or {@code Long.MAX_VALUE} for plain FIFO */
    public FifoPolicy(SchedContext ctx, String name, long quantumNs) {
        this.ctx = ctx;
        this.name = name;
        this.quantumNs = quantumNs;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return quantumNs == Long.MAX_VALUE ? name : name + " quantum=" + kos.sim.Quantities.formatDuration(quantumNs);
    }

    @Override
    public void enqueue(SchedTask t, EnqueueReason why) {
        queue.addLast(t.index());
    }

    @Override
    public void dequeue(SchedTask t, EnqueueReason why) {
        queue.remove(t.index());
    }

    @Override
    public SchedTask pickNext(int cpu) {
        int i = queue.poll();
        return i < 0 ? null : ctx.task(i);
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public long sliceNs(SchedTask t, int cpu) {
        return quantumNs;
    }

    @Override
    public void stopped(SchedTask t, long ranNs) {
    }

    @Override
    public boolean shouldPreempt(SchedTask running, long ranNs, SchedTask woken) {
        return false;
    }
}
