package kos.sched.policy;

import kos.sched.EnqueueReason;
import kos.sched.SchedContext;
import kos.sched.SchedTask;
import kos.sched.SchedulingPolicy;
import kos.sched.TaskSpec;
import kos.sched.Topology;
import kos.sim.Quantities;


/**
 * Partitioned earliest-deadline-first with a constant bandwidth server (CBS) per realtime task,
 * one instance per CPU.
 *
 * <p><b>Admission.</b> The engine offers each realtime task to the CPUs in order; a CPU admits it if
 * its summed density {@code wcet / min(period, deadline)} stays within {@code bound} (default 0.85,
 * as the original kernel's deterministic scheduler), and the task is pinned there. With implicit
 * deadlines and wcet respected, EDF on one CPU meets every deadline when the sum is at most 1, so
 * an admitted set never misses. {@code --admission off} admits everything (to show overload).
 *
 * <p><b>CBS.</b> Each admitted task is served by a server of budget Q = wcet and period T = period:
 * the server deadline is the EDF key. When a job arrives at r and the server was idle, if
 * {@code c >= (d - r) Q / T} the server gets {@code d = r + T, c = Q}; when the budget runs out,
 * {@code c = Q} and {@code d += T}. A job that overruns its wcet is thus throttled to its
 * reservation and cannot make other admitted tasks miss. The server deadline lives in
 * {@link SchedTask#serverDeadlineNs()}, the budget in {@link SchedTask#serverBudgetNs()}.
 *
 * <p>Tasks without an admitted reservation run in the background, round robin with
 * {@code quantum}, whenever no server is ready.
 */
public final class EdfPolicy implements SchedulingPolicy {
    private final SchedContext ctx;
    private final double bound;
    private final boolean admission;
    private final long quantumNs;
    private final TaskHeap servers = new TaskHeap();
    private final TaskList background = new TaskList();
    private final TaskIndexedInts admitted = new TaskIndexedInts(0); // 1 for the tasks with a reservation here
    private double utilisation;
    private long seq;

    public EdfPolicy(SchedContext ctx, double bound, boolean admission, long quantumNs) {
        this.ctx = ctx;
        this.bound = bound;
        this.admission = admission;
        this.quantumNs = quantumNs;
    }

    @Override
    public String name() {
        return "edf";
    }

    @Override
    public String describe() {
        return "edf+cbs bound=" + bound + " admission=" + (admission ? "on" : "off") + " background quantum="
                + Quantities.formatDuration(quantumNs) + String.format(" reserved=%.3f", utilisation);
    }

    @Override
    public Topology topology() {
        return Topology.PER_CPU;
    }

    @Override
    public boolean partitionsRealtime() {
        return true;
    }

    /** The summed density of the reservations admitted here. */
    public double utilisation() {
        return utilisation;
    }

    private boolean isServer(SchedTask t) {
        return admitted.get(t.index()) != 0;
    }

    @Override
    public boolean admit(SchedTask t) {
        TaskSpec.Periodic p = t.realtime();
        if (p == null) {
            return true;
        }
        double u = p.density();
        if (admission && utilisation + u > bound + 1e-12) {
            return false;
        }
        utilisation += u;
        admitted.put(t.index(), 1);
        t.serverBudgetNs(0);
        t.serverDeadlineNs(ctx.now());
        return true;
    }

    @Override
    public void release(SchedTask t) {
        if (isServer(t)) {
            admitted.put(t.index(), 0);
            utilisation -= t.realtime().density();
        }
    }

    @Override
    public void enqueue(SchedTask t, EnqueueReason why) {
        if (!isServer(t)) {
            background.addLast(t.index());
            return;
        }
        if (why == EnqueueReason.WAKEUP || why == EnqueueReason.NEW || why == EnqueueReason.POLICY_CHANGE) {
            TaskSpec.Periodic p = t.realtime();
            long now = ctx.now();
            // CBS wake-up rule: keep (c, d) only if the remaining budget fits the remaining bandwidth
            if ((double) t.serverBudgetNs() * p.periodNs() >= (double) (t.serverDeadlineNs() - now) * p.wcetNs()) {
                t.serverDeadlineNs(now + p.periodNs());
                t.serverBudgetNs(p.wcetNs());
            }
        }
        servers.add(t.index(), t.serverDeadlineNs(), seq++);
    }

    @Override
    public void dequeue(SchedTask t, EnqueueReason why) {
        if (!servers.remove(t.index())) {
            background.remove(t.index());
        }
    }

    @Override
    public SchedTask pickNext(int cpu) {
        int i = servers.poll();
        if (i < 0) {
            i = background.poll();
        }
        return i < 0 ? null : ctx.task(i);
    }

    @Override
    public int size() {
        return servers.size() + background.size();
    }

    @Override
    public long sliceNs(SchedTask t, int cpu) {
        return isServer(t) ? Math.max(1, t.serverBudgetNs()) : quantumNs;
    }

    @Override
    public void stopped(SchedTask t, long ranNs) {
        if (isServer(t)) {
            long c = t.serverBudgetNs() - ranNs;
            if (c <= 0) {
                c = t.realtime().wcetNs();
                t.serverDeadlineNs(t.serverDeadlineNs() + t.realtime().periodNs());
            }
            t.serverBudgetNs(c);
        }
    }

    @Override
    public boolean shouldPreempt(SchedTask running, long ranNs, SchedTask woken) {
        return isServer(woken) && (!isServer(running) || woken.serverDeadlineNs() < running.serverDeadlineNs());
    }
}
