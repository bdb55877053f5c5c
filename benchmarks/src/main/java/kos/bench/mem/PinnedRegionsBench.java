package kos.bench.mem;

import java.util.concurrent.TimeUnit;
import kos.mem.BuddyAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the crash predictor's sampler pays per sample for each pinned-region count: one walk over
 * the blocks of a fragmented zone (filled with order-0..2 blocks, 5% unmovable, a random half freed,
 * seed 1; no mobility grouping). Read-only, so one zone serves the whole trial.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class PinnedRegionsBench {
    /** 256 MiB (the crash scenarios' machines) and 1 GiB, in pages. */
    @Param({"65536", "262144"})
    int pages;

    private BuddyAllocator zone;

    @Setup
    public void fragment() {
        zone = FragmentedZone.create(pages);
    }

    @Benchmark
    public int pinnedPageblocks() {
        return zone.pinnedRegions(BuddyAllocator.PAGEBLOCK_ORDER);
    }
}
