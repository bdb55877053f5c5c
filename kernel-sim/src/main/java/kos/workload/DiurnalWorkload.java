package kos.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import kos.mem.BuddyAllocator;
import kos.mem.Mobility;
import kos.mem.PhysicalMemory;
import kos.sched.Scheduler;
import kos.sched.Task;
import kos.sched.TaskSpec;
import kos.sim.EventTarget;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.Workload;
import kos.sim.WorkloadParams;

/**
 * {@code workload start diurnal}: several long-lived services whose CPU and memory demand follow a
 * {@link DiurnalPattern} over a (compressed) simulated day, with per-service scale and phase and
 * autocorrelated noise. Every {@code --tick} each service submits one CPU job sized to its demand
 * (so the scheduler, not this class, decides when the work runs) and moves its memory towards its
 * target in 64 KiB movable blocks charged to its own process.
 *
 * <p>What a forecaster may see is only what {@link UsageSampler} observes from the scheduler's and
 * the allocator's counters; the demand curves here are hidden state.
 */
public final class DiurnalWorkload implements Workload, EventTarget {
    public static final String NAME = "diurnal";
    /** The noise's correlation from one tick to the next (an AR(1) process of standard deviation --noise). */
    public static final double NOISE_RHO = 0.95;

    /** The default --tick. */
    public static final long DEFAULT_TICK_NS = 200 * Quantities.NS_PER_MS;

    private static final int CHUNK_ORDER = 4;
    private static final long CHUNK_BYTES = BuddyAllocator.PAGE_SIZE << CHUNK_ORDER;

    /** One service: its process, its scale and phase, its jobs and memory. */
    public static final class Service {
        final String name;
        long pid = -1;
        final double cpuScale, memPeakBytes, phase;
        double noise;
        final List<Task> jobs = new ArrayList<>();
        long finishedCpuNs;
        final List<Long> blocks = new ArrayList<>();

        Service(String name, double cpuScale, double memPeakBytes, double phase) {
            this.name = name;
            this.cpuScale = cpuScale;
            this.memPeakBytes = memPeakBytes;
            this.phase = phase;
        }

        public String name() {
            return name;
        }

        public long pid() {
            return pid;
        }

        /** CPU time its jobs have used so far (the scheduler's accounting), ns. */
        public long cpuNs() {
            long running = 0;
            for (int i = jobs.size() - 1; i >= 0; i--) {
                Task t = jobs.get(i);
                if (t.finished()) {
                    finishedCpuNs += t.cpuTimeNs();
                    jobs.remove(i);
                } else {
                    running += t.cpuTimeNs();
                }
            }
            return finishedCpuNs + running;
        }

        /** Bytes of memory it holds (the allocator's accounting of its successful allocations). */
        public long memoryBytes() {
            return blocks.size() * CHUNK_BYTES;
        }
    }

    private final Scheduler sched;
    private final PhysicalMemory mem;
    private final DiurnalPattern pattern;
    private final long dayNs, tickNs;
    private final double noiseSd;
    private final List<Service> services = new ArrayList<>();
    private final SplittableRandom random;
    private boolean stopped;
    private long ticks;

    DiurnalWorkload(Simulation sim, WorkloadParams p) {
        this.sched = Scheduler.of(sim);
        this.mem = sim.find(PhysicalMemory.class).orElse(null);
        this.pattern = DiurnalPattern.parse(p.string("pattern", "office"));
        this.dayNs = p.duration("day", 300 * Quantities.NS_PER_S);
        this.tickNs = p.duration("tick", DEFAULT_TICK_NS);
        if (dayNs < 24 * Quantities.NS_PER_S || tickNs <= 0 || tickNs > Quantities.NS_PER_S) {
            throw new KosException("--day must be at least 24s and --tick in (0, 1s]");
        }
        int n = (int) p.integer("services", 6, 1, 64);
        double peak = p.number("peak", 0.8, 0.01, 1);
        this.noiseSd = p.number("noise", 0.05, 0, 0.5);
        long memPeak = p.size("memory", 16 * Quantities.MIB);
        this.random = sim.random().stream("workload.diurnal." + pattern.label());
        double[] scale = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            scale[i] = 0.5 + random.nextDouble();
            sum += scale[i];
        }
        for (int i = 0; i < n; i++) {
            double cpu = Math.min(0.95, scale[i] / sum * peak * sched.cpuCount());
            double phase = (random.nextDouble() - 0.5) / 24; // up to half an hour either way
            services.add(new Service("svc-" + i, cpu, memPeak * scale[i], phase));
        }
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
                return "services with daily/hourly CPU and memory patterns plus noise (--pattern office|web|batch, --day 300s)";
            }

            @Override
            public Set<String> options() {
                return java.util.Collections.unmodifiableSortedSet(
                        new TreeSet<>(Set.of("pattern", "day", "tick", "services", "peak", "noise", "memory")));
            }

            @Override
            public Workload create(Simulation s, WorkloadParams params) {
                return new DiurnalWorkload(s, params);
            }
        });
    }

    public List<Service> services() {
        return services;
    }

    public DiurnalPattern pattern() {
        return pattern;
    }

    public long dayNs() {
        return dayNs;
    }

    public Scheduler scheduler() {
        return sched;
    }

    public PhysicalMemory memory() {
        return mem;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return "diurnal " + pattern.label() + ", " + services.size() + " services, day "
                + Quantities.formatDuration(dayNs) + ", noise " + noiseSd
                + (mem == null ? ", no memory (mem init first to add it)" : "");
    }

    @Override
    public void start(Simulation sim) {
        for (Service s : services) {
            s.pid = sim.processes().spawn(s.name, "service", (sm, pid, killed, reason) -> s.blocks.clear());
        }
        sim.scheduleAfter(0, this, 0, 0);
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
        double x = (double) sim.now() / dayNs;
        double rho = NOISE_RHO, innovation = noiseSd * Math.sqrt(1 - rho * rho);
        for (Service s : services) {
            s.noise = rho * s.noise + innovation * gaussian();
            double level = pattern.level(x - s.phase);
            double cpu = Math.max(0, Math.min(0.98, s.cpuScale * level * (1 + s.noise)));
            long work = (long) (cpu * tickNs);
            if (work > 0 && sim.processes().isAlive(s.pid)) {
                s.jobs.add(sched.spawn(TaskSpec.job(s.name, work)));
            }
            if (mem != null && sim.processes().isAlive(s.pid)) {
                double memLevel = pattern.level(x - s.phase - 0.5 / 24);
                long target = (long) (s.memPeakBytes * (0.4 + 0.6 * memLevel) * (1 + 0.5 * s.noise) / CHUNK_BYTES);
                long have = s.blocks.size();
                long step = (target - have) / 4 + Long.signum(target - have);
                for (long i = 0; i < step && i < 64; i++) {
                    long h = mem.allocate(CHUNK_ORDER, Mobility.MOVABLE, s.pid);
                    if (h < 0) {
                        break;
                    }
                    s.blocks.add(h);
                }
                for (long i = 0; i < -step && i < 64 && !s.blocks.isEmpty(); i++) {
                    mem.free(s.blocks.remove(s.blocks.size() - 1));
                }
            }
        }
        ticks++;
        sim.scheduleAfter(tickNs, this, 0, 0);
    }

    private double gaussian() {
        // Box-Muller on the workload's own stream: the same sequence on every JVM
        double u = 1 - random.nextDouble(), v = random.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }
}
