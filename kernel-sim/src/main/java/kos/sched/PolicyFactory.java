package kos.sched;

import java.util.Set;
import kos.sim.WorkloadParams;

/**
 * A named, parameterised way to build a {@link SchedulingPolicy}, registered in a
 * {@link PolicyRegistry} (or discovered with {@link java.util.ServiceLoader} from another module).
 * Factories are stateless and shared between threads; every policy instance they create is not.
 */
public interface PolicyFactory {
    /** The name users type: {@code schedctl policy NAME}. */
    String name();

    /** One line for {@code schedctl policy --list}. */
    String summary();

    /** The parameter names it understands, without dashes (e.g. {@code quantum}). */
    Set<String> options();

    /**
     * Creates one run queue's policy. Parameters are read with the typed getters of
     * {@link WorkloadParams} (a bad value fails with a message naming it); the caller rejects
     * unknown ones.
     */
    SchedulingPolicy create(SchedContext ctx, WorkloadParams params);
}
