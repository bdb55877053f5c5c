package kos.sched;

/** What a policy may ask the engine: the clock, the machine, and (if declared) the oracle. */
public interface SchedContext {
    /** Current virtual time in nanoseconds. */
    long now();

    /** The task with this {@link SchedTask#index()} (policies store indices, return tasks). */
    SchedTask task(int index);

    /** CPUs in the machine (1..64). */
    int cpuCount();

    /**
     * The oracle of true remaining work.
     *
     * @throws IllegalStateException unless the policy declared {@link SchedulingPolicy#needsOracle()}
     */
    Oracle oracle();
}
