package kos.sched.policy;

import kos.sched.EnqueueReason;
import kos.sched.SchedContext;
import kos.sched.SchedTask;
import kos.sched.SchedulingPolicy;
import kos.sim.Quantities;

/**
 * Least attained service first (LAS, also called foreground-background FB; Kleinrock): the queued
 * task that has received the least CPU time so far runs, and a waking task preempts a running one
 * that has received more. It needs no knowledge of sizes and minimises mean response time among
 * size-blind policies when sizes have a decreasing hazard rate (Pareto, hyperexponential); in
 * M/G/1 its response time for a job of size x is
 * {@code (lambda E[min(S,x)^2] / 2) / (1 - rho_x)^2 + x / (1 - rho_x)} with
 * {@code rho_x = lambda E[min(S,x)]}.
 *
 * <p>Tasks of equal attained service share the CPU round robin with {@code quantum}: the picked
 * task runs until it has caught up with the next queued task's attained service, plus one
 * quantum, so ties approximate processor sharing to O(quantum) and there is no switch when one
 * task is far behind the others. Attained service is the task's whole CPU time (over all its
 * bursts), as in the classical policy.
 */
public final class LasPolicy implements SchedulingPolicy {
    private final SchedContext ctx;
    private final long quantumNs;
    private final TaskHeap heap = new TaskHeap();
    private long seq;

    public LasPolicy(SchedContext ctx, long quantumNs) {
        this.ctx = ctx;
        this.quantumNs = quantumNs;
    }

    @Override
    public String name() {
        return "las";
    }

    @Override
    public String describe() {
        return "las quantum=" + Quantities.formatDuration(quantumNs);
    }

    @Override
    public void enqueue(SchedTask t, EnqueueReason why) {
        heap.add(t.index(), t.cpuTimeNs(), seq++);
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
            return Long.MAX_VALUE; // a waking task preempts through shouldPreempt
        }
        long behind = heap.primary(heap.peek()) - t.cpuTimeNs();
        return Math.max(0, behind) + quantumNs;
    }

    @Override
    public void stopped(SchedTask t, long ranNs) {
    }

    @Override
    public boolean shouldPreempt(SchedTask running, long ranNs, SchedTask woken) {
        return woken.cpuTimeNs() + quantumNs <= running.cpuTimeNs();
    }
}
