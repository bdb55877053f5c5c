package kos.sim;

/**
 * A running generator of simulated behaviour (allocations, tasks), started by
 * {@code workload start NAME} or by a scenario, and stoppable by its id.
 */
public interface Workload {
    /** The factory name it was started from, such as {@code leak}. */
    String name();

    /** One line on what it is doing and its parameters, for {@code workload list}. */
    String describe();

    /** Schedules its first events. Called once. */
    void start(Simulation sim);

    /** Stops generating behaviour; what it holds stays unless the workload says otherwise. */
    void stop(Simulation sim);

    /** A named kind of workload with its options, registered in a {@link WorkloadCatalog}. */
    interface Factory {
        String name();

        /** One line for {@code workload list --available}. */
        String summary();

        /** The option names it understands (without dashes). */
        java.util.Set<String> options();

        Workload create(Simulation sim, WorkloadParams params);
    }
}
