package kos.workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kos.mem.BuddyAllocator;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.TraceKind;

/**
 * Observes a {@link DiurnalWorkload} once per simulated second, as a monitoring agent reading
 * {@code /proc} would: each service's CPU use (its jobs' CPU time in the last second, in CPUs) and
 * memory (bytes it holds, in MiB), and the machine's (scheduler busy time over all CPUs, in CPUs;
 * allocator pages in use, in MiB). Every sample is also a trace record, so the series a forecaster
 * learns from are exactly what the trace holds.
 */
public final class UsageSampler {
    public static final long PERIOD_NS = Quantities.NS_PER_S;
    private static final TraceKind SAMPLE = TraceKind.of("usage.sample", "series", "milli", "unused");

    /** One observed series: what it measures and one value per second. */
    public static final class Series {
        private final String name, resource;
        private final boolean machine;
        private double[] values = new double[256];
        private int size;

        Series(String name, String resource, boolean machine) {
            this.name = name;
            this.resource = resource;
            this.machine = machine;
        }

        /** e.g. {@code svc-2.cpu} or {@code machine.mem}. */
        public String name() {
            return name;
        }

        /** {@code cpu} (CPUs in use) or {@code mem} (MiB). */
        public String resource() {
            return resource;
        }

        public boolean machine() {
            return machine;
        }

        public int size() {
            return size;
        }

        public double get(int i) {
            return values[i];
        }

        public double[] toArray() {
            return Arrays.copyOf(values, size);
        }

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    private final DiurnalWorkload workload;
    private final List<Series> series = new ArrayList<>();
    private final long[] lastCpu;
    private long lastBusy = -1;

    private UsageSampler(DiurnalWorkload w) {
        this.workload = w;
        for (DiurnalWorkload.Service s : w.services()) {
            series.add(new Series(s.name() + ".cpu", "cpu", false));
            series.add(new Series(s.name() + ".mem", "mem", false));
        }
        series.add(new Series("machine.cpu", "cpu", true));
        series.add(new Series("machine.mem", "mem", true));
        lastCpu = new long[w.services().size()];
    }

    /** Starts sampling {@code w} every simulated second from now. */
    public static UsageSampler attach(Simulation sim, DiurnalWorkload w) {
        UsageSampler u = new UsageSampler(w);
        sim.every(PERIOD_NS, u::sample);
        return u;
    }

    public List<Series> series() {
        return series;
    }

    private void sample(Simulation sim) {
        List<DiurnalWorkload.Service> svcs = workload.services();
        int k = 0;
        for (int i = 0; i < svcs.size(); i++) {
            long cpu = svcs.get(i).cpuNs();
            record(sim, k++, (double) (cpu - lastCpu[i]) / PERIOD_NS);
            lastCpu[i] = cpu;
            record(sim, k++, svcs.get(i).memoryBytes() / (double) Quantities.MIB);
        }
        long busy = workload.scheduler().stats().busyNs();
        record(sim, k++, lastBusy < 0 ? 0 : (double) (busy - lastBusy) / PERIOD_NS);
        lastBusy = busy;
        double usedMiB = 0;
        if (workload.memory() != null) {
            BuddyAllocator z = workload.memory().zone();
            usedMiB = (double) (z.pages() - z.freePages()) * BuddyAllocator.PAGE_SIZE / Quantities.MIB;
        }
        record(sim, k, usedMiB);
    }

    private void record(Simulation sim, int index, double v) {
        series.get(index).add(v);
        sim.trace().record(SAMPLE, sim.now(), index, Math.round(v * 1000), 0);
    }
}
