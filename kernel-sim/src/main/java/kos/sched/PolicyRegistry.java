package kos.sched;

import java.util.Collection;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentSkipListMap;
import kos.sched.policy.BuiltinPolicies;
import kos.sim.KosException;

/**
 * Policies by name. {@link #standard()} is the process-wide registry: the built-in policies, every
 * {@link PolicyFactory} on the class path listed in {@code META-INF/services/kos.sched.PolicyFactory},
 * and any factory another module {@link #register registers} at run time (the attention
 * scheduler). It only holds stateless factories and is safe to read and extend from any thread,
 * so parallel evaluations share it without sharing any scheduling state.
 */
public final class PolicyRegistry {
    private final ConcurrentSkipListMap<String, PolicyFactory> factories = new ConcurrentSkipListMap<>();

    private static final class Standard {
        static final PolicyRegistry INSTANCE = create();

        private static PolicyRegistry create() {
            PolicyRegistry r = withBuiltins();
            for (PolicyFactory f : ServiceLoader.load(PolicyFactory.class)) {
                r.factories.putIfAbsent(f.name(), f);
            }
            return r;
        }
    }

    /** An empty registry. */
    public PolicyRegistry() {}

    /** A new registry holding only the built-in policies. */
    public static PolicyRegistry withBuiltins() {
        PolicyRegistry r = new PolicyRegistry();
        BuiltinPolicies.all().forEach(r::register);
        return r;
    }

    /** The process-wide registry. */
    public static PolicyRegistry standard() {
        return Standard.INSTANCE;
    }

    /** Adds a factory; fails if its name is taken. */
    public void register(PolicyFactory f) {
        if (factories.putIfAbsent(f.name(), f) != null) {
            throw new KosException("a scheduling policy named '" + f.name() + "' is already registered");
        }
    }

    /** Adds a factory, replacing any of the same name (for tests and reloading). */
    public void replace(PolicyFactory f) {
        factories.put(f.name(), f);
    }

    public boolean has(String name) {
        return factories.containsKey(name);
    }

    /** The factory of this name, or a {@link KosException} listing the known names. */
    public PolicyFactory get(String name) {
        PolicyFactory f = factories.get(name);
        if (f == null) {
            throw new KosException("unknown scheduling policy '" + name + "': expected one of "
                    + String.join(", ", factories.keySet()));
        }
        return f;
    }

    /** All factories in name order. */
    public Collection<PolicyFactory> all() {
        return List.copyOf(factories.values());
    }
}
