package kos.attn;

import kos.sched.SchedContext;
import kos.sched.SchedTask;
import kos.sched.policy.TaskHeap;

/**
 * The deadline class above the fair one, as Linux puts {@code SCHED_DEADLINE} above CFS/EEVDF:
 * tasks that declared periodic parameters (wcet, period, relative deadline) run before any other,
 * earliest absolute job deadline first (global EDF over the machine's CPUs); a released job
 * preempts a fair task, or a deadline task with a later deadline. Nothing here is learned.
 *
 * <p><b>Admission.</b> Like {@code sched_setattr}, a new reservation is refused when it would break
 * the global EDF schedulability test of Goossens, Funk and Baruah: {@code U <= m - (m - 1) u_max}
 * for m CPUs, total utilisation U and the largest single utilisation u_max (with implicit
 * deadlines, density for constrained ones). Under it a feasible set misses no deadline; a refused
 * task is scheduled in the fair class.
 */
final class DeadlineClass {
    private final SchedContext ctx;
    private final TaskHeap heap = new TaskHeap();
    private boolean[] admitted = new boolean[64];
    private double utilisation, maxUtilisation;
    private int admittedCount;
    private long seq;

    DeadlineClass(SchedContext ctx) {
        this.ctx = ctx;
    }

    private static double density(SchedTask t) {
        return (double) t.realtime().wcetNs() / Math.min(t.realtime().periodNs(), t.realtime().deadlineNs());
    }

    /** Admits {@code t} (a declared realtime task) if the set stays schedulable; reserves its bandwidth. */
    boolean admit(SchedTask t) {
        double u = density(t), umax = Math.max(maxUtilisation, u);
        int m = ctx.cpuCount();
        if (utilisation + u > m - (m - 1) * umax + 1e-12) {
            return false;
        }
        grow(t.index());
        admitted[t.index()] = true;
        utilisation += u;
        maxUtilisation = umax;
        admittedCount++;
        return true;
    }

    void release(SchedTask t) {
        if (t.index() < admitted.length && admitted[t.index()]) {
            admitted[t.index()] = false;
            utilisation -= density(t);
            if (--admittedCount == 0) {
                utilisation = maxUtilisation = 0;
            }
        }
    }

    /** Whether {@code t} belongs here: declared and admitted. */
    boolean owns(SchedTask t) {
        return t.realtime() != null && t.index() < admitted.length && admitted[t.index()];
    }

    void enqueue(SchedTask t) {
        heap.add(t.index(), t.jobDeadlineNs(), seq++);
    }

    boolean remove(SchedTask t) {
        return heap.remove(t.index());
    }

    /** The earliest-deadline queued task, removed, or null. */
    SchedTask poll() {
        int i = heap.poll();
        return i < 0 ? null : ctx.task(i);
    }

    int size() {
        return heap.size();
    }

    /** Whether a woken task of this class should take the CPU from {@code running}. */
    boolean preempts(SchedTask woken, SchedTask running) {
        return !owns(running) || woken.jobDeadlineNs() < running.jobDeadlineNs();
    }

    private void grow(int index) {
        if (index >= admitted.length) {
            admitted = java.util.Arrays.copyOf(admitted, Math.max(index + 1, admitted.length * 2));
        }
    }
}
