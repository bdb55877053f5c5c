package kos.threat;

/**
 * What drives a task of the {@link ThreatMachine}: called once per slot before scheduling to sleep,
 * wake, fork, allocate or exit, and after each slot it ran with the work it got done.
 */
public interface Behaviour {
    void act(ThreatMachine m, ThreatTask t);

    /** The task ran one slot and did {@code progressNs} of useful work (less than a slot when its cache misses). */
    default void ran(ThreatMachine m, ThreatTask t, double progressNs) {}

    /** Memory it streams over while running (MiB); what it can keep in the last-level cache at most. */
    default double workingSetMiB() {
        return 1;
    }

    /** Cache traffic while running, MiB per ms of CPU. */
    default double accessMiBPerMs() {
        return 0.1;
    }
}
