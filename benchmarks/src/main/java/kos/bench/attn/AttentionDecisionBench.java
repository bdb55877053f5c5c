package kos.bench.attn;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import kos.attn.AttentionPolicy;
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
 * One attention-scheduler decision over 64 and 256 runnable tasks, through {@link PolicyHarness}
 * (pick next over the whole queue, slice, account, re-enqueue), with the shipped default weights
 * and learning off so the operation is the decision alone; SampleTime gives the percentiles
 * (the goal: p99 under 10 us with 64 tasks). Run with {@code -jvmArgsAppend -Dkos.simd=scalar}
 * for the scalar kernels.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class AttentionDecisionBench {
    @Param({"64", "256"})
    public int tasks;

    private PolicyHarness harness;

    @Setup(Level.Trial)
    public void setUp() {
        harness = new PolicyHarness(
                PolicyRegistry.standard(), AttentionPolicy.NAME, Map.of("learn", "off"), tasks, 5_000_000, 42);
    }

    @Benchmark
    public SchedTask decision() {
        return harness.step(1_000_000);
    }
}
