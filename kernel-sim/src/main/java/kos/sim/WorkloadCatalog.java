package kos.sim;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The workload factories a simulation knows (subsystems register theirs when installed) and the
 * workloads running in it, numbered from 1 in start order.
 */
public final class WorkloadCatalog {
    private static final TraceKind START = TraceKind.of("workload.start", "id", "name");
    private static final TraceKind STOP = TraceKind.of("workload.stop", "id");

    /** A running workload and its id. */
    public record Running(int id, Workload workload) {}

    private final Simulation sim;
    private final Map<String, Workload.Factory> factories = new TreeMap<>();
    private final Map<Integer, Workload> running = new TreeMap<>();
    private int nextId = 1;

    WorkloadCatalog(Simulation sim) {
        this.sim = sim;
    }

    public void register(Workload.Factory factory) {
        if (factories.putIfAbsent(factory.name(), factory) != null) {
            throw new IllegalStateException("workload " + factory.name() + " registered twice");
        }
    }

    /** Registers {@code factory} unless a factory of its name is registered; true if it was added. */
    public boolean registerIfAbsent(Workload.Factory factory) {
        return factories.putIfAbsent(factory.name(), factory) == null;
    }

    public Collection<Workload.Factory> factories() {
        return List.copyOf(factories.values());
    }

    /** Creates and starts a workload; returns its id. */
    public int start(String name, WorkloadParams params) {
        Workload.Factory f = factories.get(name);
        if (f == null) {
            throw new KosException(
                    factories.isEmpty()
                            ? "unknown workload '" + name
                                    + "': no workloads are available (initialise memory with 'mem init' or the scheduler first)"
                            : "unknown workload '" + name + "': expected one of "
                                    + String.join(", ", factories.keySet()));
        }
        Workload w = f.create(sim, params);
        params.rejectUnused(name, f.options());
        int id = nextId++;
        running.put(id, w);
        sim.trace().record(START, sim.now(), id, RandomStreams.fnv1a64(name), 0);
        w.start(sim);
        return id;
    }

    /** Stops a running workload by id. */
    public void stop(int id) {
        Workload w = running.remove(id);
        if (w == null) {
            throw new KosException("no running workload with id " + id + " (see 'workload list')");
        }
        sim.trace().record(STOP, sim.now(), id, 0, 0);
        w.stop(sim);
    }

    /** Stops every running workload with this name; returns how many. */
    public int stopByName(String name) {
        List<Integer> ids = running.entrySet().stream()
                .filter(e -> e.getValue().name().equals(name))
                .map(Map.Entry::getKey)
                .toList();
        if (ids.isEmpty()) {
            throw new KosException("no running workload named '" + name + "' (see 'workload list')");
        }
        ids.forEach(this::stop);
        return ids.size();
    }

    public List<Running> running() {
        return running.entrySet().stream()
                .map(e -> new Running(e.getKey(), e.getValue()))
                .toList();
    }
}
