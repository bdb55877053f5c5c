package kos.sched.policy;

import kos.sched.EnqueueReason;
import kos.sched.SchedContext;
import kos.sched.SchedTask;
import kos.sched.SchedulingPolicy;
import kos.sched.Topology;

/**
 * First in, first out, run to completion (or until the task blocks): tasks run in the order they
 * became runnable; a task that arrives at the same instant as another comes after it in spawn
 * (then id) order, as the engine delivers same-time arrivals in that order. A task pinned to a CPU
 * is only picked by that CPU. With {@code quantum}
 * set this is round robin: a task whose slice ends goes to the tail.
 */
public final class FifoPolicy implements SchedulingPolicy {
    private final SchedContext ctx;
    private final String name;
    private final long quantumNs;
    private final Topology topology;
    private final TaskList queue = new TaskList();

    /** @param quantumNs the round-robin quantum, or {@code Long.MAX_VALUE} for plain FIFO */
    public FifoPolicy(SchedContext ctx, String name, long quantumNs) {
        this(ctx, name, quantumNs, Topology.GLOBAL);
    }

    /** @param topology one global queue (the default) or per-CPU queues with load balancing */
    public FifoPolicy(SchedContext ctx, String name, long quantumNs, Topology topology) {
        this.ctx = ctx;
        this.name = name;
        this.quantumNs = quantumNs;
        this.topology = topology;
    }

    @Override
    public Topology topology() {
        return topology;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return (quantumNs == Long.MAX_VALUE ? name : name + " quantum=" + kos.sim.Quantities.formatDuration(quantumNs))
                + (topology == Topology.PER_CPU ? " queues=per-cpu" : "");
    }

    @Override
    public void enqueue(SchedTask t, EnqueueReason why) {
        queue.addLast(t.index());
    }

    @Override
    public void dequeue(SchedTask t, EnqueueReason why) {
        queue.remove(t.index());
    }

    /** The first queued task allowed on {@code cpu} (affinity is honoured in this global queue). */
    @Override
    public SchedTask pickNext(int cpu) {
        for (int i = queue.peek(); i >= 0; i = queue.next(i)) {
            SchedTask t = ctx.task(i);
            if (t.pinnedCpu() < 0 || t.pinnedCpu() == cpu) {
                queue.remove(i);
                return t;
            }
        }
        return null;
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
    public void stopped(SchedTask t, long ranNs) {}

    @Override
    public boolean shouldPreempt(SchedTask running, long ranNs, SchedTask woken) {
        return false;
    }
}
