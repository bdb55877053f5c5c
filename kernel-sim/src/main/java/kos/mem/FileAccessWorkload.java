package kos.mem;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import kos.sim.EventTarget;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.Workload;
import kos.sim.WorkloadParams;

/**
 * {@code workload start file-access}: tasks reading file-backed pages through the simulation's
 * {@link PageCache} in an {@link AccessPattern}, {@code --rate} accesses per simulated second in
 * batches every 10 ms. What the cache does with them depends on its prefetcher
 * ({@code memctl prefetch}).
 */
public final class FileAccessWorkload implements Workload, EventTarget {
    public static final String NAME = "file-access";
    private static final long BATCH_NS = 10 * Quantities.NS_PER_MS;

    private final PageCache cache;
    private final AccessPattern pattern;
    private final AccessPattern.Stream stream;
    private final int perBatch;
    private final long[] access = new long[3];
    private boolean stopped;
    private long accesses;

    private FileAccessWorkload(Simulation sim, WorkloadParams p) {
        this.cache = PageCache.of(sim);
        this.pattern = AccessPattern.parse(p.string("pattern", "interleaved"));
        int tasks = (int) p.integer("tasks", 5, 1, 64);
        double rate = p.number("rate", 10_000, 100, 10_000_000);
        this.perBatch = Math.max(1, (int) Math.round(rate * BATCH_NS / Quantities.NS_PER_S));
        SplittableRandom r = sim.random()
                .fresh("mem.file-access." + pattern.label() + "."
                        + sim.workloads().running().size());
        this.stream = pattern.stream(r, tasks);
    }

    /** Registers the factory in {@code sim} unless a workload of that name is there. */
    public static void registerIfAbsent(Simulation sim) {
        sim.workloads().registerIfAbsent(new Factory() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public String summary() {
                return "tasks reading file pages through the page cache (--pattern sequential|strided|random|pointer-chase|interleaved)";
            }

            @Override
            public Set<String> options() {
                return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(Set.of("pattern", "tasks", "rate")));
            }

            @Override
            public Workload create(Simulation s, WorkloadParams params) {
                return new FileAccessWorkload(s, params);
            }
        });
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return "file-access " + pattern.label() + ", " + stream.tasks() + " tasks, " + perBatch * 100 + " accesses/s, "
                + accesses + " so far";
    }

    @Override
    public void start(Simulation sim) {
        if (stopped) {
            throw new KosException("already stopped");
        }
        sim.scheduleAfter(BATCH_NS, this, 0, 0);
    }

    @Override
    public void stop(Simulation sim) {
        stopped = true;
    }

    @Override
    public void onEvent(Simulation sim, int kind, long arg) {
        if (stopped) {
            return;
        }
        for (int i = 0; i < perBatch; i++) {
            stream.next(access);
            cache.access((int) access[0], access[1], access[2]);
        }
        accesses += perBatch;
        sim.scheduleAfter(BATCH_NS, this, 0, 0);
    }
}
