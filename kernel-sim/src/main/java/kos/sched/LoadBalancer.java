package kos.sched;

import java.util.List;

/**
 * Load balancing between per-CPU run queues (policies of {@link Topology#PER_CPU}): the periodic
 * balancer, which moves queued tasks from the busiest to the idlest CPU while their loads differ by
 * two or more, and new-idle balance, where a CPU that found nothing to run pulls one task from the
 * busiest. A CPU's load is its queued tasks plus the one running. The task moved is always the
 * queued, unpinned one that has been off a CPU longest (the cache-coldest), ties by spawn index,
 * so balancing is deterministic. It allocates nothing.
 */
final class LoadBalancer {
    private final Scheduler s;

    LoadBalancer(Scheduler s) {
        this.s = s;
    }

    /** The periodic balance; a no-op unless the policy has per-CPU queues. */
    void balance() {
        if (!s.perCpu()) {
            return;
        }
        int cpus = s.cpuCount();
        for (int round = 0; round < cpus * 4; round++) {
            int busiest = 0, idlest = 0;
            for (int c = 1; c < cpus; c++) {
                if (s.load(c) > s.load(busiest)) {
                    busiest = c;
                }
                if (s.load(c) < s.load(idlest)) {
                    idlest = c;
                }
            }
            if (s.load(busiest) - s.load(idlest) < 2) {
                return;
            }
            Task victim = victim(busiest);
            if (victim == null) {
                return;
            }
            s.migrate(victim, busiest, idlest);
        }
    }

    /** New-idle balance: CPU {@code c} found nothing to run; pulls one queued task from the busiest CPU. */
    boolean pullOne(int c) {
        int busiest = -1;
        for (int from = 0; from < s.cpuCount(); from++) {
            if (from != c && s.queued(from) > 0 && s.load(from) >= 2 && (busiest < 0 || s.load(from) > s.load(busiest))) {
                busiest = from;
            }
        }
        if (busiest < 0) {
            return false;
        }
        Task v = victim(busiest);
        if (v == null) {
            return false;
        }
        s.migrate(v, busiest, c);
        return true;
    }

    /** The queued, movable task on {@code from} that has been off a CPU longest, ties by index; null if none. */
    private Task victim(int from) {
        List<Task> live = s.liveTasks();
        Task best = null;
        for (int i = 0; i < live.size(); i++) {
            Task t = live.get(i);
            if (t.state == Task.State.RUNNABLE && t.queueCpu == from && t.pinned < 0) {
                if (best == null || t.lastRunEndNs < best.lastRunEndNs
                        || (t.lastRunEndNs == best.lastRunEndNs && t.index < best.index)) {
                    best = t;
                }
            }
        }
        return best;
    }
}
