package kos.attn;

import java.util.Arrays;
import kos.sched.EnqueueReason;
import kos.sched.SchedTask;
import kos.sched.policy.TaskHeap;

/**
 * The fair class's CPU-bound lane ({@code --cpu-bound las}, session 8): the tasks that have never
 * blocked (a fresh task, or a CPU-only job: its remaining burst is its remaining job), keyed by
 * attained service instead of vruntime. Their heap holds {@code -ln G(attained) x vtime-scale +
 * cpu-weight x virtual attained}; their fair key is that plus the current min_vruntime, so the lane
 * floats with the fair class's virtual time and is LAS-like among its tasks (or the learned Gittins
 * order where sizes have a minimum). A task leaves the lane at its first wakeup, with the vruntime
 * its key had there ({@code --cpu-exit keep}: its own). Slicing and wakeup preemption between two
 * of its tasks use {@code --cpu-quantum}, following the growth of the index term.
 */
final class CpuBoundLane {
    /** A task's fair key at a given attained service (the policy's). */
    interface Key {
        long at(SchedTask t, long attainedNs);
    }

    private final boolean enabled, exitKeep;
    private final long quantumNs;
    private final double weight;
    /** The lane's queued tasks, by key without the floating min_vruntime. */
    final TaskHeap heap = new TaskHeap();

    private boolean[] in = new boolean[64];

    /** @param weight cpu-weight in [0, 1] (auto already resolved) */
    CpuBoundLane(boolean enabled, long quantumNs, double weight, boolean exitKeep) {
        this.enabled = enabled;
        this.quantumNs = quantumNs;
        this.weight = weight;
        this.exitKeep = exitKeep;
    }

    void grow(int n) {
        in = Arrays.copyOf(in, n);
    }

    /** Whether task {@code i} is in the lane (as of its last enqueue). */
    boolean has(int i) {
        return in[i];
    }

    long quantumNs() {
        return quantumNs;
    }

    /** The virtual time the lane charges for {@code ns} of attained service: cpu-weight x its virtual time. */
    long attained(long ns, SchedTask t) {
        long v = AttentionPolicy.virtual(ns, t);
        return weight == 1.0 ? v : (long) (v * weight);
    }

    /**
     * Which lane {@code t} queues in: this one while it has never blocked (unless the lane is off or
     * {@code rankByOracle}). Returns its vruntime: unchanged, or, when it leaves the lane (its first
     * wakeup), the virtual time its key had there, min_vruntime plus its charged attained service.
     */
    long assign(SchedTask t, EnqueueReason why, boolean rankByOracle, long vruntime, long minVrt) {
        int i = t.index();
        boolean cpu = enabled && t.bursts() == 0 && !rankByOracle;
        long v = vruntime;
        if (in[i] && !cpu && why != EnqueueReason.NEW && why != EnqueueReason.POLICY_CHANGE) {
            v = exitKeep ? vruntime : minVrt + attained(t.cpuTimeNs(), t);
        }
        in[i] = cpu;
        return v;
    }

    /** The fair key of queued task {@code i} of the lane. */
    long key(int i, long minVrt) {
        return heap.primary(i) + minVrt;
    }

    /** Whether the lane's first queued task comes before {@code rank}'s first (ties FIFO); not both empty. */
    boolean first(TaskHeap rank, long minVrt) {
        if (heap.isEmpty()) {
            return false;
        }
        if (rank.isEmpty()) {
            return true;
        }
        int a = heap.peek(), b = rank.peek();
        long ka = heap.primary(a) + minVrt, kb = rank.primary(b);
        return ka != kb ? ka < kb : heap.secondary(a) < rank.secondary(b);
    }

    /**
     * Further service after which the key of {@code t} (now {@code k0}) reaches {@code target}, at
     * most {@code upper} (the service if only virtual time grew): its index term grows too, by a
     * secant step or two on the key (no more: a slice a little short is re-decided at its end).
     */
    long serviceUntilKey(SchedTask t, long k0, long target, long upper, Key key) {
        long a = t.cpuTimeNs(), s = upper;
        for (int it = 0; it < 2; it++) {
            long k = key.at(t, a + s);
            if (k <= target + quantumNs / 4) {
                return s;
            }
            s = Math.max(1, (long) ((double) s * (target - k0) / (k - k0)));
        }
        return s;
    }
}
