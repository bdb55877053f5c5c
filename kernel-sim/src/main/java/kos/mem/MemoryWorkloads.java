package kos.mem;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.Workload;
import kos.sim.WorkloadParams;

/**
 * The memory workloads ({@code workload start NAME --option value}): leak, frag-storm, high-order,
 * burst, page-cache, working-set, steady-high and sawtooth. Every one takes {@code --owner PID} to charge an
 * existing process (and stop when it exits) instead of spawning its own.
 */
public final class MemoryWorkloads {
    private MemoryWorkloads() {}

    static void registerAll(Simulation sim, PhysicalMemory mem) {
        reg(
                sim,
                mem,
                "leak",
                "steady growth at --rate in --chunk blocks, never freed (default 8MiB/s of 64KiB movable)",
                List.of("rate", "chunk", "type"),
                Leak::new);
        reg(
                sim,
                mem,
                "frag-storm",
                "many small unmovable order-0/1 allocations with interleaved random frees, holding up to --max",
                List.of("rate", "max", "free", "type"),
                FragStorm::new);
        reg(
                sim,
                mem,
                "high-order",
                "an order --min-order..--max-order request --every period, each held for --hold (huge pages, DMA)",
                List.of("every", "min-order", "max-order", "hold", "type"),
                HighOrder::new);
        reg(
                sim,
                mem,
                "burst",
                "allocates --size at once in --chunk blocks --every period, holds it --hold, then frees it",
                List.of("size", "chunk", "every", "hold", "type"),
                Burst::new);
        reg(
                sim,
                mem,
                "page-cache",
                "file reads growing the page cache at --rate (order-0 reclaimable pages)",
                List.of("rate"),
                PageCache::new);
        reg(
                sim,
                mem,
                "working-set",
                "re-reads a working set of --size file pages at --rate; evicted pages refault (benign when it fits)",
                List.of("size", "rate"),
                WorkingSet::new);
        reg(
                sim,
                mem,
                "steady-high",
                "ramps to --size over --ramp, then keeps it with light churn, using --touch bytes/s of it (benign)",
                List.of("size", "ramp", "chunk", "type", "touch"),
                SteadyHigh::new);
        reg(
                sim,
                mem,
                "sawtooth",
                "grows to --peak over 80% of --period, frees everything, repeats (benign)",
                List.of("peak", "period", "chunk", "type"),
                Sawtooth::new);
    }

    private interface Ctor {
        Workload create(Simulation sim, PhysicalMemory mem, WorkloadParams params);
    }

    private static void reg(
            Simulation sim, PhysicalMemory mem, String name, String summary, List<String> opts, Ctor ctor) {
        Set<String> options = new LinkedHashSet<>(opts);
        options.add("owner");
        options.add("start");
        Set<String> frozen = java.util.Collections.unmodifiableSet(options);
        sim.workloads().register(new Workload.Factory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String summary() {
                return summary;
            }

            @Override
            public Set<String> options() {
                return frozen;
            }

            @Override
            public Workload create(Simulation s, WorkloadParams params) {
                if (!ParamRanges.hasRange(params)) {
                    return ctor.create(s, mem, params);
                }
                // named after the sequence number the workload's own stream is about to get
                WorkloadParams drawn = ParamRanges.draw(
                        params, s.random().stream("mem.workload." + name + ".params." + (mem.workloadSeq() + 1)));
                Workload w = ctor.create(s, mem, drawn);
                drawn.rejectUnused(name, frozen);
                return w;
            }
        });
    }

    static Mobility type(WorkloadParams p, Mobility dflt) {
        String t = p.string("type", null);
        if (t == null) {
            return dflt;
        }
        try {
            return Mobility.parse(t);
        } catch (KosException e) {
            throw new KosException("--type: " + e.getMessage());
        }
    }

    static int chunkOrder(WorkloadParams p, long dflt) {
        long bytes = p.size("chunk", dflt);
        try {
            return PhysicalMemory.orderFor(bytes);
        } catch (KosException e) {
            throw new KosException("--chunk: " + e.getMessage());
        }
    }

    static double positiveRate(WorkloadParams p, double dflt) {
        double r = p.rate("rate", dflt);
        if (!(r > 0)) {
            throw new KosException("--rate must be positive");
        }
        return r;
    }

    static long positiveDuration(WorkloadParams p, String key, long dflt) {
        long d = p.duration(key, dflt);
        if (d <= 0) {
            throw new KosException("--" + key + " must be positive");
        }
        return d;
    }

    static long positiveSize(WorkloadParams p, String key, long dflt) {
        long s = p.size(key, dflt);
        if (s <= 0) {
            throw new KosException("--" + key + " must be positive");
        }
        return s;
    }

    /** Nanoseconds between allocations of {@code 2^order} pages at {@code bytesPerSecond}. */
    static long interval(int order, double bytesPerSecond) {
        double bytes = (double) (BuddyAllocator.PAGE_SIZE << order);
        return Math.max(1, (long) (bytes / bytesPerSecond * Quantities.NS_PER_S));
    }

    static final class Leak extends MemoryWorkload {
        private final double rate;
        private final int order;
        private final Mobility type;
        private long allocated, failed;

        Leak(Simulation sim, PhysicalMemory mem, WorkloadParams p) {
            super("leak", sim, mem, p);
            rate = positiveRate(p, 8 * Quantities.MIB);
            order = chunkOrder(p, 64 * Quantities.KIB);
            type = type(p, Mobility.MOVABLE);
        }

        @Override
        protected long step(Simulation sim) {
            if (alloc(order, type) >= 0) {
                allocated++;
            } else {
                failed++;
            }
            return interval(order, rate);
        }

        @Override
        protected String describeRunning() {
            return "leak " + Quantities.formatBytes((long) rate) + "/s in order-" + order + " " + type.label()
                    + " blocks, " + ownerText() + ", " + allocated + " allocated, " + failed + " failed";
        }
    }

    static final class FragStorm extends MemoryWorkload {
        private final double rate;
        private final long maxPages;
        private final double freeProb;
        private final Mobility type;
        private final HandleList held = new HandleList();
        private long heldPages;

        FragStorm(Simulation sim, PhysicalMemory mem, WorkloadParams p) {
            super("frag-storm", sim, mem, p);
            rate = positiveRate(p, 4 * Quantities.MIB);
            maxPages = positiveSize(p, "max", 32 * Quantities.MIB) / BuddyAllocator.PAGE_SIZE;
            freeProb = p.number("free", 0.5, 0, 1);
            type = type(p, Mobility.UNMOVABLE);
        }

        @Override
        protected long step(Simulation sim) {
            int order = random.nextInt(2);
            long h = alloc(order, type);
            if (h >= 0) {
                held.add(h);
                heldPages += 1L << order;
            }
            while (held.size() > 0 && (heldPages > maxPages || random.nextDouble() < freeProb)) {
                heldPages -= mem.free(held.removeAt(random.nextInt(held.size())));
                if (heldPages <= maxPages) {
                    break;
                }
            }
            return interval(0, rate) * 3 / 2;
        }

        @Override
        protected String describeRunning() {
            return "frag-storm " + Quantities.formatBytes((long) rate) + "/s of order-0/1 " + type.label()
                    + ", holding "
                    + Quantities.formatBytes(heldPages * BuddyAllocator.PAGE_SIZE) + " (max "
                    + Quantities.formatBytes(maxPages * BuddyAllocator.PAGE_SIZE) + "), " + ownerText();
        }
    }

    static final class HighOrder extends MemoryWorkload {
        private final long every, hold;
        private final int minOrder, maxOrder;
        private final Mobility type;
        private final HandleList held = new HandleList(), freeAt = new HandleList();
        private long ok, failed;

        HighOrder(Simulation sim, PhysicalMemory mem, WorkloadParams p) {
            super("high-order", sim, mem, p);
            every = positiveDuration(p, "every", 200 * Quantities.NS_PER_MS);
            hold = p.duration("hold", Quantities.NS_PER_S);
            minOrder = (int) p.integer("min-order", 4, 0, BuddyAllocator.MAX_ORDER);
            maxOrder = (int) p.integer("max-order", 9, 0, BuddyAllocator.MAX_ORDER);
            if (minOrder > maxOrder) {
                throw new KosException("--min-order " + minOrder + " is above --max-order " + maxOrder);
            }
            type = type(p, Mobility.MOVABLE);
        }

        @Override
        protected long step(Simulation sim) {
            long now = sim.now();
            for (int i = held.size() - 1; i >= 0; i--) {
                if (freeAt.get(i) <= now) {
                    mem.free(held.removeAt(i));
                    freeAt.removeAt(i);
                }
            }
            int order = minOrder + random.nextInt(maxOrder - minOrder + 1);
            long h = alloc(order, type);
            if (h >= 0) {
                ok++;
                held.add(h);
                freeAt.add(now + hold);
            } else {
                failed++;
            }
            return every;
        }

        @Override
        protected String describeRunning() {
            return "high-order order " + minOrder + ".." + maxOrder + " " + type.label() + " every "
                    + Quantities.formatDuration(every) + " held " + Quantities.formatDuration(hold) + ", " + ownerText()
                    + ", " + ok + " ok, " + failed + " failed";
        }
    }

    static final class Burst extends MemoryWorkload {
        private final long sizePages, every, hold;
        private final int order;
        private final Mobility type;
        private final HandleList held = new HandleList();
        private boolean holding;
        private long bursts;

        Burst(Simulation sim, PhysicalMemory mem, WorkloadParams p) {
            super("burst", sim, mem, p);
            sizePages = positiveSize(p, "size", 128 * Quantities.MIB) / BuddyAllocator.PAGE_SIZE;
            order = chunkOrder(p, 256 * Quantities.KIB);
            every = positiveDuration(p, "every", 10 * Quantities.NS_PER_S);
            hold = p.duration("hold", 2 * Quantities.NS_PER_S);
            if (hold >= every) {
                throw new KosException("--hold must be shorter than --every");
            }
            type = type(p, Mobility.MOVABLE);
        }

        @Override
        protected long step(Simulation sim) {
            if (holding) {
                for (int i = 0; i < held.size(); i++) {
                    mem.free(held.get(i));
                }
                held.clear();
                holding = false;
                return every - hold;
            }
            bursts++;
            for (long got = 0; got < sizePages; got += 1L << order) {
                long h = alloc(order, type);
                if (h < 0) {
                    break;
                }
                held.add(h);
            }
            holding = true;
            return hold;
        }

        @Override
        protected String describeRunning() {
            return "burst " + Quantities.formatBytes(sizePages * BuddyAllocator.PAGE_SIZE) + " " + type.label()
                    + " every " + Quantities.formatDuration(every) + " held " + Quantities.formatDuration(hold) + ", "
                    + ownerText() + ", " + bursts + " bursts";
        }
    }

    static final class PageCache extends MemoryWorkload {
        private static final int BATCH = 16;
        private final double rate;
        private long read;

        PageCache(Simulation sim, PhysicalMemory mem, WorkloadParams p) {
            super("page-cache", sim, mem, p);
            rate = positiveRate(p, 16 * Quantities.MIB);
        }

        @Override
        protected long step(Simulation sim) {
            for (int i = 0; i < BATCH; i++) {
                if (alloc(0, Mobility.RECLAIMABLE) < 0) {
                    break;
                }
                read++;
            }
            return interval(0, rate) * BATCH;
        }

        @Override
        protected String describeRunning() {
            return "page-cache reads " + Quantities.formatBytes((long) rate) + "/s, " + ownerText() + ", "
                    + Quantities.formatBytes(read * BuddyAllocator.PAGE_SIZE) + " read";
        }
    }

    static final class SteadyHigh extends MemoryWorkload {
        private static final long CHURN_NS = 100 * Quantities.NS_PER_MS;
        private final long sizePages, ramp;
        private final int order;
        private final Mobility type;
        private final HandleList held = new HandleList();
        private long heldPages;
        /** Chunks used per churn step (--touch, 0 by default): a service working on its memory. */
        private final double touchesPerStep;

        private double touchDebt;
        private long touches;

        SteadyHigh(Simulation sim, PhysicalMemory mem, WorkloadParams p) {
            super("steady-high", sim, mem, p);
            sizePages = positiveSize(p, "size", 256 * Quantities.MIB) / BuddyAllocator.PAGE_SIZE;
            ramp = positiveDuration(p, "ramp", 2 * Quantities.NS_PER_S);
            order = chunkOrder(p, 64 * Quantities.KIB);
            type = type(p, Mobility.MOVABLE);
            double touch = p.rate("touch", 0);
            if (!(touch >= 0)) {
                throw new KosException("--touch must be 0 or positive");
            }
            touchesPerStep = touch * CHURN_NS / Quantities.NS_PER_S / (BuddyAllocator.PAGE_SIZE << order);
        }

        @Override
        protected long step(Simulation sim) {
            long chunks = Math.max(1, sizePages >> order);
            if (heldPages < sizePages) {
                long h = alloc(order, type);
                if (h >= 0) {
                    held.add(h);
                    heldPages += 1L << order;
                }
                return Math.max(1, ramp / chunks);
            }
            heldPages -= mem.free(held.removeAt(random.nextInt(held.size())));
            touchDebt += touchesPerStep;
            while (touchDebt >= 1 && held.size() > 0) {
                touchDebt -= 1;
                int i = random.nextInt(held.size());
                long h = access(held.get(i));
                if (h >= 0) {
                    held.set(i, h);
                    touches++;
                }
                if (sim.crashed().isPresent()) {
                    break;
                }
            }
            return CHURN_NS;
        }

        @Override
        protected String describeRunning() {
            return "steady-high " + Quantities.formatBytes(sizePages * BuddyAllocator.PAGE_SIZE) + " " + type.label()
                    + ", holding " + Quantities.formatBytes(heldPages * BuddyAllocator.PAGE_SIZE) + ", " + ownerText()
                    + (touchesPerStep > 0 ? ", " + touches + " chunks used" : "");
        }
    }

    static final class Sawtooth extends MemoryWorkload {
        private final long peakPages, period;
        private final int order;
        private final Mobility type;
        private final HandleList held = new HandleList();
        private long heldPages, cycles;

        Sawtooth(Simulation sim, PhysicalMemory mem, WorkloadParams p) {
            super("sawtooth", sim, mem, p);
            peakPages = positiveSize(p, "peak", 128 * Quantities.MIB) / BuddyAllocator.PAGE_SIZE;
            period = positiveDuration(p, "period", 10 * Quantities.NS_PER_S);
            order = chunkOrder(p, 64 * Quantities.KIB);
            type = type(p, Mobility.MOVABLE);
        }

        @Override
        protected long step(Simulation sim) {
            long chunks = Math.max(1, peakPages >> order);
            if (heldPages < peakPages) {
                long h = alloc(order, type);
                if (h >= 0) {
                    held.add(h);
                    heldPages += 1L << order;
                    return Math.max(1, period * 8 / 10 / chunks);
                }
            }
            for (int i = 0; i < held.size(); i++) {
                mem.free(held.get(i));
            }
            held.clear();
            heldPages = 0;
            cycles++;
            return Math.max(1, period * 2 / 10);
        }

        @Override
        protected String describeRunning() {
            return "sawtooth to " + Quantities.formatBytes(peakPages * BuddyAllocator.PAGE_SIZE) + " " + type.label()
                    + " every " + Quantities.formatDuration(period) + ", " + ownerText() + ", " + cycles + " cycles";
        }
    }
}
