package kos.sim;

/** Something to do at a point in virtual time, such as a sampler's tick. */
@FunctionalInterface
public interface SimAction {
    void run(Simulation sim);
}
