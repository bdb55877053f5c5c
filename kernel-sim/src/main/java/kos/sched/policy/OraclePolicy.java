package kos.sched.policy;

import kos.sched.EnqueueReason;
import kos.sched.Oracle;
import kos.sched.SchedContext;
import kos.sched.SchedTask;
import kos.sched.SchedulingPolicy;

/**
 * The policies that know the future, through the {@link Oracle}:
 * <ul>
 * <li>{@link Mode#SJF}: non-preemptive shortest job first, by the length of the task's next
 * CPU burst (for a replayed job, the job), ties in enqueue order;</li>
 * <li>{@link Mode#STCF}: preemptive, by remaining time in the current burst; a waking task
 * preempts a running one whose remaining burst is strictly longer;</li>
 * <li>{@link Mode#SRPT}: preemptive, by remaining processing time of the whole task: on one CPU
 * it minimises mean completion time, the bound learned policies are measured against.</li>
 * </ul>
 */
public final class OraclePolicy implements SchedulingPolicy {
    public enum Mode {
        SJF,
        STCF,
        SRPT
    }

    private final SchedContext ctx;
    private final Mode mode;
    private final TaskHeap heap = new TaskHeap();
    private long seq;

    public OraclePolicy(SchedContext ctx, Mode mode) {
        this.ctx = ctx;
        this.mode = mode;
    }

    @Override
    public String name() {
        return mode == Mode.SRPT ? "srpt" : mode.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String describe() {
        return name() + " (oracle)";
    }

    @Override
    public boolean needsOracle() {
        return true;
    }

    private long key(SchedTask t) {
        Oracle o = ctx.oracle();
        return mode == Mode.SRPT ? o.remainingWorkNs(t) : o.remainingBurstNs(t);
    }

    @Override
    public void enqueue(SchedTask t, EnqueueReason why) {
        heap.add(t.index(), key(t), seq++);
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
        return Long.MAX_VALUE;
    }

    @Override
    public void stopped(SchedTask t, long ranNs) {}

    @Override
    public boolean shouldPreempt(SchedTask running, long ranNs, SchedTask woken) {
        return mode != Mode.SJF && key(woken) < key(running);
    }
}
