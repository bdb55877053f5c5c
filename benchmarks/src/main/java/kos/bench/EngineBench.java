package kos.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import kos.mem.OomPolicy;
import kos.mem.PhysicalMemory;
import kos.sched.SchedEval;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.WorkloadParams;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulation events per second of the two engines, each run from a fresh simulation per call
 * (the score is runs per second; the {@code events} counter is events per second):
 * <ul>
 *   <li>{@code memory}: 512 MiB, OOM kills, the seven memory workloads of
 *       {@code examples/busy-hour.kos}, 10 simulated seconds; the bare kernel-sim engine (no
 *       crash predictor, no autonomy loop);</li>
 *   <li>{@code scheduler}: 200 mixed tasks at load 0.85 on 2 CPUs for 60 simulated seconds under
 *       {@code policy}: cfs, eevdf, or {@code attention}, the learned scheduler of the busy hour
 *       (sched-transformer registers it through the service loader; its model, its online
 *       learning and the kernels are what the busy hour spends most of its time in).</li>
 * </ul>
 * The {@code memory} benchmark does not use {@code policy}; select one value for it
 * ({@code -p policy=cfs}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class EngineBench {
    /** Events per second, summed over the calls of an iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Events {
        public long events;

        @Setup(Level.Iteration)
        public void clear() {
            events = 0;
        }
    }

    @Param({"cfs", "eevdf", "attention"})
    public String policy;

    @Benchmark
    public long memory(Events counter) {
        Simulation sim = new Simulation(42);
        PhysicalMemory mem = PhysicalMemory.install(sim, 512 * Quantities.MIB);
        mem.oomPolicy(OomPolicy.KILL);
        start(sim, "steady-high", Map.of("size", "256MiB", "ramp", "10s"));
        start(sim, "page-cache", Map.of("rate", "8MiB/s"));
        start(sim, "frag-storm", Map.of("rate", "256KiB/s", "max", "16MiB"));
        start(sim, "sawtooth", Map.of("peak", "64MiB", "period", "60s"));
        start(sim, "burst", Map.of("size", "32MiB", "every", "30s", "hold", "5s"));
        start(sim, "high-order", Map.of("every", "1s", "hold", "2s"));
        start(sim, "leak", Map.of("rate", "64KiB/s"));
        sim.runFor(10_000_000_000L);
        counter.events += sim.eventsProcessed();
        return sim.trace().digest();
    }

    @Benchmark
    public long scheduler(Events counter) {
        SchedEval.Result r =
                SchedEval.run(SchedEval.Spec.of("mixed", Map.of("tasks", "200", "load", "0.85"), policy, 2, 42)
                        .withDuration(60_000_000_000L));
        counter.events += r.events();
        return r.events();
    }

    private static void start(Simulation sim, String workload, Map<String, String> options) {
        sim.workloads().start(workload, new WorkloadParams(options));
    }
}
