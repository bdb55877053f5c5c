package kos.bench;

import com.sun.management.OperatingSystemMXBean;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

/**
 * {@code -prof kos.bench.CpuTimeProfiler}: the benchmark JVM's CPU time per operation
 * ({@code cpu.time.norm}, ns/op) beside JMH's wall-clock score. On a machine shared with other
 * work, a descheduled benchmark thread inflates the wall-clock score while its CPU time stays put;
 * this machine has no hardware counters for {@code -prof perfnorm}. The figure includes the JVM's
 * other threads (JIT, GC), which are idle in steady-state measurement iterations, and counts every
 * operation of the iteration like {@code gc.alloc.rate.norm}.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long start;

    @Override
    public String getDescription() {
        return "process CPU time per operation (robust to a busy machine)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        start = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
                                                       IterationResult result) {
        long used = os.getProcessCpuTime() - start;
        long ops = result.getMetadata().getAllOps();
        double perOp = ops == 0 ? Double.NaN : (double) used / ops;
        return List.of(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
    }
}
