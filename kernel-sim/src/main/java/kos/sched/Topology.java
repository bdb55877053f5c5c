package kos.sched;

/** How a policy expects its run queues laid out. */
public enum Topology {
    /** One queue shared by all CPUs (the textbook policies). */
    GLOBAL,
    /** One queue per CPU with wakeup placement and a periodic load balancer (CFS, EEVDF, EDF). */
    PER_CPU
}
