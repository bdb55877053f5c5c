package kos.sched.policy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import kos.sched.Distribution;
import kos.sched.EnqueueReason;
import kos.sched.SchedContext;
import kos.sched.SchedTask;
import kos.sched.SchedulingPolicy;
import kos.sched.TaskClass;
import kos.sim.KosException;
import kos.sim.Quantities;

/**
 * The Gittins index policy for a known job size distribution (Gittins; Aalto, Ayesta and Righter
 * 2009): the queued task with the highest {@link GittinsIndex} at its attained service (its whole
 * CPU time) runs; a waking task with a strictly higher index preempts. Among policies that do not
 * know sizes it minimises mean response time in M/G/1; it becomes LAS for decreasing-hazard sizes
 * and FCFS (never preempting) for increasing-hazard ones. The size-blind bound a learned
 * scheduler is measured against: it knows the distribution, not the sizes.
 *
 * <p>With one distribution per declared task class ({@code --size interactive=exp:60ms,batch=exp:1s}),
 * each task is ranked by its own class's index: the multi-class Gittins policy, still optimal among
 * size-blind policies in a multi-class M/G/1 queue (the class is observable, the size is not). With
 * I/O waits between bursts or several CPUs it is no longer provably optimal; it is then the natural
 * reference, not a bound.
 *
 * <p>The picked task runs until its index would fall below the best queued one (at least
 * {@code quantum}); equal indexes keep first-in first-out order.
 */
public final class GittinsPolicy implements SchedulingPolicy {
    private final SchedContext ctx;
    private final Map<TaskClass, GittinsIndex> byClass;
    private final GittinsIndex all;
    private final long quantumNs;
    private final TaskHeap heap = new TaskHeap();
    private long seq;

    public GittinsPolicy(SchedContext ctx, Distribution sizes, long quantumNs) {
        this.ctx = ctx;
        this.all = GittinsIndex.of(sizes);
        this.byClass = Map.of();
        this.quantumNs = quantumNs;
    }

    /** One distribution per class; a task of a class not in {@code sizes} is refused at enqueue. */
    public GittinsPolicy(SchedContext ctx, Map<TaskClass, Distribution> sizes, long quantumNs) {
        if (sizes.isEmpty()) {
            throw new KosException("gittins needs at least one size distribution");
        }
        this.ctx = ctx;
        EnumMap<TaskClass, GittinsIndex> m = new EnumMap<>(TaskClass.class);
        sizes.forEach((c, d) -> m.put(c, GittinsIndex.of(d)));
        this.byClass = m;
        this.all = null;
        this.quantumNs = quantumNs;
    }

    /**
     * Parses {@code --size}: one distribution for every task ({@code pareto:1.5:6667us}), or
     * {@code CLASS=DIST} entries separated by commas ({@code interactive=exp:60ms,batch=exp:1s}).
     * Returns an empty map for the single form.
     */
    public static Map<TaskClass, Distribution> parseClassSizes(String text) {
        EnumMap<TaskClass, Distribution> out = new EnumMap<>(TaskClass.class);
        if (!text.contains("=")) {
            return out;
        }
        for (String part : text.trim().split(",(?=\\s*[a-zA-Z_-]+\\s*=)")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new KosException("--size " + text + ": expected CLASS=DIST entries separated by commas");
            }
            TaskClass c = TaskClass.parse(part.substring(0, eq));
            if (out.put(c, Distribution.parse(part.substring(eq + 1))) != null) {
                throw new KosException("--size " + text + ": class " + c.label() + " given twice");
            }
        }
        return out;
    }

    /** The policy for {@code --size} text: one distribution for all tasks, or one per class. */
    public static GittinsPolicy of(SchedContext ctx, String sizes, long quantumNs) {
        Map<TaskClass, Distribution> m = parseClassSizes(sizes);
        return m.isEmpty()
                ? new GittinsPolicy(ctx, Distribution.parse(sizes), quantumNs)
                : new GittinsPolicy(ctx, m, quantumNs);
    }

    @Override
    public String name() {
        return "gittins";
    }

    @Override
    public String describe() {
        if (all != null) {
            return "gittins size=" + all.distribution() + " quantum=" + Quantities.formatDuration(quantumNs);
        }
        List<String> parts = new ArrayList<>();
        byClass.forEach((c, g) -> parts.add(c.label() + "=" + g.distribution()));
        return "gittins size=" + String.join(",", parts) + " quantum=" + Quantities.formatDuration(quantumNs);
    }

    /** The index of the single distribution (null when there is one per class). */
    public GittinsIndex index() {
        return all;
    }

    private GittinsIndex of(SchedTask t) {
        if (all != null) {
            return all;
        }
        GittinsIndex g = byClass.get(t.taskClass());
        if (g == null) {
            throw new KosException(
                    "gittins: no size distribution for class " + t.taskClass().label() + " (task " + t.name()
                            + "); give one with --size " + t.taskClass().label() + "=DIST");
        }
        return g;
    }

    @Override
    public void enqueue(SchedTask t, EnqueueReason why) {
        heap.add(t.index(), of(t).key(t.cpuTimeNs()), seq++);
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
        SchedTask head = ctx.task(heap.peek());
        double best = of(head).index(head.cpuTimeNs());
        return Math.max(quantumNs, of(t).serviceUntilBelow(t.cpuTimeNs(), best));
    }

    @Override
    public void stopped(SchedTask t, long ranNs) {}

    @Override
    public boolean shouldPreempt(SchedTask running, long ranNs, SchedTask woken) {
        return of(woken).key(woken.cpuTimeNs()) < of(running).key(running.cpuTimeNs());
    }
}
