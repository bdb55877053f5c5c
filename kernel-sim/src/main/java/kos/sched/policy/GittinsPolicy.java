package kos.sched.policy;

import kos.sched.Distribution;
import kos.sched.EnqueueReason;
import kos.sched.SchedContext;
import kos.sched.SchedTask;
import kos.sched.SchedulingPolicy;
import kos.sim.Quantities;

/**
 * The Gittins index policy for a known job size distribution (Gittins; Aalto, Ayesta and Righter
 * 2009): the queued task with the highest {@link GittinsIndex} at its attained service (its whole
 * CPU time) runs; a waking task with a strictly higher index preempts. Among policies that do not
 * know sizes it minimises mean response time in M/G/1; it becomes LAS for decreasing-hazard sizes
 * and FCFS (never preempting) for increasing-hazard ones. The size-blind bound a learned
 * scheduler is measured against: it knows the distribution, not the sizes.
 *
 * <p>The picked task runs until its index would fall below the best queued one (at least
 * {@code quantum}); equal indexes keep first-in first-out order.
 */
public final class GittinsPolicy implements SchedulingPolicy {
    private final SchedContext ctx;
    private final GittinsIndex gittins;
    private final long quantumNs;
    private final TaskHeap heap = new TaskHeap();
    private long seq;

    public GittinsPolicy(SchedContext ctx, Distribution sizes, long quantumNs) {
        this.ctx = ctx;
        this.gittins = GittinsIndex.of(sizes);
        this.quantumNs = quantumNs;
    }

    @Override
    public String name() {
        return "gittins";
    }

    @Override
    public String describe() {
        return "gittins size=" + gittins.distribution() + " quantum=" + Quantities.formatDuration(quantumNs);
    }

    public GittinsIndex index() {
        return gittins;
    }

    @Override
    public void enqueue(SchedTask t, EnqueueReason why) {
        heap.add(t.index(), gittins.key(t.cpuTimeNs()), seq++);
    }

    @Override
    public void dequeue(SchedTask t, EnqueueReason why) {
        heap.remove(t.index());
    }

    @Override
    public SchedTask pickNext(int cpu) {
        int i = heap.poll();
        return i < 0 ? null : ctx.task(i);
    }

    @Override
    public int size() {
        return heap.size();
    }

    @Override
    public long sliceNs(SchedTask t, int cpu) {
        if (heap.isEmpty()) {
            return Long.MAX_VALUE;
        }
        double best = gittins.index(ctx.task(heap.peek()).cpuTimeNs());
        return Math.max(quantumNs, gittins.serviceUntilBelow(t.cpuTimeNs(), best));
    }

    @Override
    public void stopped(SchedTask t, long ranNs) {
    }

    @Override
    public boolean shouldPreempt(SchedTask running, long ranNs, SchedTask woken) {
        return gittins.key(woken.cpuTimeNs()) < gittins.key(running.cpuTimeNs());
    }
}
