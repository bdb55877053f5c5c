package kos.bench.sched;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import kos.sched.PolicyHarness;
import kos.sched.PolicyRegistry;
import kos.sched.SchedTask;
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
 * Scheduling decisions per second of each policy with 64 and 1024 runnable tasks: one operation is
 * one full decision (pick next, slice, account the run, re-enqueue), through {@link PolicyHarness}
 * without the event engine around it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class PolicyDecisionBench {
    @Param({"fifo", "sjf", "stcf", "srpt", "rr", "mlfq", "cfs", "eevdf", "edf"})
    public String policy;

    @Param({"64", "1024"})
    public int tasks;

    private PolicyHarness harness;

    @Setup(Level.Trial)
    public void setUp() {
        // FIFO and the oracle policies run a task until its job ends: jobs of 5 ms mean keep the choice moving
        harness = new PolicyHarness(PolicyRegistry.standard(), policy, Map.of(), tasks, 5_000_000, 42);
    }

    @Benchmark
    public SchedTask decision() {
        return harness.step(1_000_000);
    }
}
