package kos.bench.mem;

import java.util.concurrent.TimeUnit;
import kos.mem.BuddyAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full compaction pass over a fragmented 1 GiB zone: filled with order-0..2 blocks (95% movable,
 * 5% unmovable), then a random half freed (seed 1), leaving about 130,000 scattered free blocks.
 * Each invocation compacts a freshly fragmented zone (the setup is not timed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class CompactionBench {
    private static final int PAGES = 1 << 18;
    private BuddyAllocator zone;
    private final long[] out = new long[3];

    @Setup(Level.Invocation)
    public void fragment() {
        zone = FragmentedZone.create(PAGES);
    }

    @Benchmark
    public long fullCompaction() {
        zone.compact(-1, -1, out);
        return out[1];
    }
}
