package kos.bench.sched;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import kos.sched.SchedEval;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wall time of a whole simulated run: 200 mixed tasks at load 0.85 on 2 CPUs for 60 simulated
 * seconds, in a fresh simulation each time (the target: well under a second with CFS).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class MixedRunBench {
    @Param({"cfs", "eevdf"})
    public String policy;

    @Benchmark
    public SchedEval.Result mixed200Tasks60s() {
        return SchedEval.run(SchedEval.Spec.of("mixed", Map.of("tasks", "200", "load", "0.85"), policy, 2, 42)
                .withDuration(60_000_000_000L));
    }
}
