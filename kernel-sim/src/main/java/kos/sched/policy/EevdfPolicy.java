package kos.sched.policy;

import kos.sched.EnqueueReason;
import kos.sched.SchedContext;
import kos.sched.SchedTask;
import kos.sched.SchedulingPolicy;
import kos.sched.Topology;
import kos.sched.Weights;
import kos.sim.Quantities;

/**
 * Linux's EEVDF (6.6+), one instance per CPU run queue.
 *
 * <ul>
 * <li>{@code V = sum(w_i v_i) / sum(w_i)} over the queued and running tasks; a task is eligible
 * when its lag {@code w (V - v)} is at least 0, i.e. {@code v <= V}.</li>
 * <li>Its virtual deadline is {@code v + base_slice * 1024 / w}, renewed each time it has run up to
 * it; the eligible task with the earliest virtual deadline runs, until it reaches its deadline.</li>
 * <li>A task leaving the queue (sleep, migration) keeps its lag, clamped to two virtual slices; it is
 * placed back at {@code V - lag * (W + w) / W} so that the lag survives its own arrival. A new task
 * starts at V with lag 0 and half a virtual slice to its first deadline.</li>
 * <li>Wakeup preemption: the woken task preempts if it is eligible and its deadline is earlier.</li>
 * </ul>
 * base_slice defaults to 0.75 ms, scaled by {@code 1 + ilog2(min(ncpus, 8))}. Eligible-earliest-
 * deadline is found with two indexed heaps (by v, and by deadline for tasks once seen eligible)
 * instead of Linux's augmented tree; the result is the same task. Sums are kept relative to a base
 * moved to V at every pick so that {@code w * (v - base)} cannot overflow.
 */
public final class EevdfPolicy implements SchedulingPolicy {
    private final SchedContext ctx;
    private final long baseSliceNs;
    private final TaskHeap byVruntime = new TaskHeap();
    private final TaskHeap byDeadline = new TaskHeap();
    private long base;
    private long sumWeight;  // queued only
    private long sumWeightedKey; // sum over queued of w * (v - base)
    private int curr = -1;
    private long currStartNs;
    private long seq;

    public EevdfPolicy(SchedContext ctx, long baseSliceNs) {
        this.ctx = ctx;
        this.baseSliceNs = baseSliceNs * Weights.tunableScale(ctx.cpuCount());
    }

    @Override
    public String name() {
        return "eevdf";
    }

    @Override
    public String describe() {
        return "eevdf base_slice=" + Quantities.formatDuration(baseSliceNs) + " (scaled for " + ctx.cpuCount() + " CPUs)";
    }

    @Override
    public Topology topology() {
        return Topology.PER_CPU;
    }

    private static long scale(long ns, int weight) {
        return ns * Weights.NICE_0 / weight;
    }

    private long vslice(SchedTask t) {
        return scale(baseSliceNs, t.weight());
    }

    private long currentV(SchedTask c) {
        return c.vruntime() + scale(ctx.now() - currStartNs, c.weight());
    }

    /** V over the queued tasks plus the running one (with its vruntime brought up to now). */
    private long avgVruntime() {
        long sw = sumWeight, sk = sumWeightedKey;
        if (curr >= 0) {
            SchedTask c = ctx.task(curr);
            sw += c.weight();
            sk += c.weight() * (currentV(c) - base);
        }
        return sw == 0 ? base : base + Math.floorDiv(sk, sw);
    }

    private long totalWeight() {
        return sumWeight + (curr >= 0 ? ctx.task(curr).weight() : 0);
    }

    private long clampLag(SchedTask t, long lag) {
        long limit = 2 * vslice(t);
        return Math.max(-limit, Math.min(limit, lag));
    }

    @Override
    public void enqueue(SchedTask t, EnqueueReason why) {
        long v = t.vruntime();
        switch (why) {
            case NEW, POLICY_CHANGE -> {
                v = avgVruntime();
                t.vdeadline(v + vslice(t) / 2);
            }
            case WAKEUP, MIGRATED -> {
                long lag = t.lag();
                long w0 = totalWeight();
                if (w0 > 0) {
                    lag = lag * (w0 + t.weight()) / w0;
                }
                v = avgVruntime() - lag;
                t.vdeadline(v + vslice(t));
            }
            default -> {
            }
        }
        t.vruntime(v);
        byVruntime.add(t.index(), v, seq++);
        sumWeight += t.weight();
        sumWeightedKey += t.weight() * (v - base);
    }

    @Override
    public void dequeue(SchedTask t, EnqueueReason why) {
        int i = t.index();
        if (!byVruntime.remove(i) && !byDeadline.remove(i)) {
            return;
        }
        long v0 = avgVruntime();
        sumWeight -= t.weight();
        sumWeightedKey -= t.weight() * (t.vruntime() - base);
        t.lag(clampLag(t, v0 - t.vruntime()));
    }

    @Override
    public SchedTask pickNext(int cpu) {
        if (sumWeight == 0) {
            return null;
        }
        // rebase at V so the weighted keys stay small
        long v = base + Math.floorDiv(sumWeightedKey, sumWeight);
        sumWeightedKey -= sumWeight * (v - base);
        base = v;
        while (!byVruntime.isEmpty() && eligible(byVruntime.peek())) {
            int i = byVruntime.poll();
            byDeadline.add(i, ctx.task(i).vdeadline(), byVruntime.secondary(i));
        }
        while (!byDeadline.isEmpty() && !eligible(byDeadline.peek())) {
            int i = byDeadline.poll();
            byVruntime.add(i, ctx.task(i).vruntime(), byDeadline.secondary(i));
        }
        int pick = !byDeadline.isEmpty() ? byDeadline.poll() : byVruntime.poll();
        SchedTask t = ctx.task(pick);
        sumWeight -= t.weight();
        sumWeightedKey -= t.weight() * (t.vruntime() - base);
        curr = pick;
        currStartNs = ctx.now();
        return t;
    }

    /** v <= V over the queued tasks, without division: (v - base) * W <= sum w (v_i - base). */
    private boolean eligible(int i) {
        return (ctx.task(i).vruntime() - base) * sumWeight <= sumWeightedKey;
    }

    @Override
    public int size() {
        return byVruntime.size() + byDeadline.size();
    }

    @Override
    public long sliceNs(SchedTask t, int cpu) {
        return Math.max(1_000, (t.vdeadline() - t.vruntime()) * t.weight() / Weights.NICE_0);
    }

    @Override
    public void stopped(SchedTask t, long ranNs) {
        long v = t.vruntime() + scale(ranNs, t.weight());
        t.vruntime(v);
        if (v >= t.vdeadline()) {
            t.vdeadline(v + vslice(t));
        }
        if (curr == t.index()) {
            curr = -1;
        }
        // lag as if it left now, kept for a later wakeup placement (it is re-enqueued unchanged if still runnable)
        long sw = sumWeight + t.weight();
        long vAvg = base + Math.floorDiv(sumWeightedKey + t.weight() * (v - base), sw);
        t.lag(clampLag(t, vAvg - v));
    }

    @Override
    public boolean shouldPreempt(SchedTask running, long ranNs, SchedTask woken) {
        long vr = running.vruntime() + scale(ranNs, running.weight());
        long sw = sumWeight + running.weight();
        long sk = sumWeightedKey + running.weight() * (vr - base);
        boolean eligible = (woken.vruntime() - base) * sw <= sk;
        return eligible && woken.vdeadline() < running.vdeadline();
    }
}
