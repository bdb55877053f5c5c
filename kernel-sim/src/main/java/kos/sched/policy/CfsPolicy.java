package kos.sched.policy;

import kos.sched.EnqueueReason;
import kos.sched.SchedContext;
import kos.sched.SchedTask;
import kos.sched.SchedulingPolicy;
import kos.sched.Topology;
import kos.sched.Weights;
import kos.sim.Quantities;

/**
 * Linux's Completely Fair Scheduler (before 6.6), one instance per CPU run queue.
 *
 * <ul>
 * <li>{@code vruntime += ran * 1024 / weight}; the task with the smallest vruntime runs next.</li>
 * <li>Its slice is {@code period * w / sum(w)} (at least {@code min_granularity}), with
 * {@code period = max(sched_latency, nr_running * min_granularity)}; nr_running and sum(w) count
 * the running task.</li>
 * <li>Placement: a new task starts at {@code min_vruntime} plus one virtual slice (START_DEBIT); a
 * waking task at {@code max(its vruntime, min_vruntime - sched_latency / 2)} (GENTLE_FAIR_SLEEPERS);
 * a migrating task keeps its vruntime relative to the queue's {@code min_vruntime}.</li>
 * <li>Wakeup preemption: the woken task preempts when the running task's vruntime exceeds its own
 * by more than {@code wakeup_granularity} scaled to the woken task's weight.</li>
 * </ul>
 * Tunables default to 6 ms, 0.75 ms and 1 ms, each scaled by {@code 1 + ilog2(min(ncpus, 8))} as
 * Linux does. Simplified: no tick (slices end exactly), no group scheduling, no buddies.
 */
public final class CfsPolicy implements SchedulingPolicy {
    private final SchedContext ctx;
    private final long latencyNs, minGranNs, wakeupGranNs;
    private final TaskHeap heap = new TaskHeap();
    private long minVruntime;
    private long sumWeight; // queued + running
    private int nrRunning; // queued + running
    private int curr = -1;
    private long currStartNs;
    private long seq;

    /** Tunables are the unscaled values; they are scaled by the CPU count here. */
    public CfsPolicy(SchedContext ctx, long latencyNs, long minGranNs, long wakeupGranNs) {
        this.ctx = ctx;
        int f = Weights.tunableScale(ctx.cpuCount());
        this.latencyNs = latencyNs * f;
        this.minGranNs = minGranNs * f;
        this.wakeupGranNs = wakeupGranNs * f;
    }

    @Override
    public String name() {
        return "cfs";
    }

    @Override
    public String describe() {
        return "cfs latency=" + Quantities.formatDuration(latencyNs) + " min_granularity="
                + Quantities.formatDuration(minGranNs) + " wakeup_granularity="
                + Quantities.formatDuration(wakeupGranNs) + " (scaled for " + ctx.cpuCount() + " CPUs)";
    }

    @Override
    public Topology topology() {
        return Topology.PER_CPU;
    }

    private static long scale(long ns, int weight) {
        return weight == Weights.NICE_0 ? ns : ns * Weights.NICE_0 / weight;
    }

    private long period(int nr) {
        return nr > latencyNs / minGranNs ? nr * minGranNs : latencyNs;
    }

    /** min_vruntime brought up to date with the running task and the leftmost queued one. */
    private long currentMin() {
        long m = Long.MAX_VALUE;
        if (curr >= 0) {
            SchedTask c = ctx.task(curr);
            m = c.vruntime() + scale(ctx.now() - currStartNs, c.weight());
        }
        if (!heap.isEmpty()) {
            m = Math.min(m, heap.primary(heap.peek()));
        }
        if (m != Long.MAX_VALUE && m > minVruntime) {
            minVruntime = m;
        }
        return minVruntime;
    }

    @Override
    public void enqueue(SchedTask t, EnqueueReason why) {
        int w = t.weight();
        long v = t.vruntime();
        switch (why) {
            case NEW, POLICY_CHANGE -> v = currentMin() + period(nrRunning + 1) * Weights.NICE_0 / (sumWeight + w);
            case WAKEUP -> v = Math.max(v, currentMin() - latencyNs / 2);
            case MIGRATED -> v = v + currentMin();
            default -> {}
        }
        t.vruntime(v);
        heap.add(t.index(), v, seq++);
        sumWeight += w;
        nrRunning++;
    }

    @Override
    public void dequeue(SchedTask t, EnqueueReason why) {
        if (heap.remove(t.index())) {
            sumWeight -= t.weight();
            nrRunning--;
            if (why == EnqueueReason.MIGRATED) {
                t.vruntime(t.vruntime() - currentMin());
            }
        }
    }

    @Override
    public SchedTask pickNext(int cpu) {
        currentMin();
        int i = heap.poll();
        if (i < 0) {
            return null;
        }
        curr = i;
        currStartNs = ctx.now();
        return ctx.task(i);
    }

    @Override
    public int size() {
        return heap.size();
    }

    @Override
    public long sliceNs(SchedTask t, int cpu) {
        long slice = sumWeight == 0 ? latencyNs : period(nrRunning) * t.weight() / sumWeight;
        return Math.max(slice, minGranNs);
    }

    @Override
    public void stopped(SchedTask t, long ranNs) {
        t.vruntime(t.vruntime() + scale(ranNs, t.weight()));
        if (curr == t.index()) {
            curr = -1;
        }
        sumWeight -= t.weight();
        nrRunning--;
    }

    @Override
    public boolean shouldPreempt(SchedTask running, long ranNs, SchedTask woken) {
        long curV = running.vruntime() + scale(ranNs, running.weight());
        return curV - woken.vruntime() > scale(wakeupGranNs, woken.weight());
    }
}
