package kos.bench.mem;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import kos.mem.BuddyAllocator;
import kos.mem.Mobility;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The buddy allocator's hot paths on a 1 GiB zone (262,144 pages) with mobility grouping on.
 * <ul>
 *   <li>{@code orderZeroPair}: one order-0 allocate plus its free (the split/coalesce round trip
 *       through all ten orders of a whole free block is the worst case; here the zone is
 *       half-populated so the pair mostly hits the order-0/1 lists). Reported per pair.</li>
 *   <li>{@code mixedChurn}: 16,384 live blocks of orders 0..3 (97%) and 4..8 (3%), all three
 *       mobilities, about 40% of the zone in use; each invocation frees a random live block and
 *       allocates a replacement, from pre-generated streams with a fixed seed (1). Reported per
 *       operation (one allocate or one free).</li>
 * </ul>
 * Stability (so that a 10% change shows): the churn zone is driven through four laps of the
 * stream in set-up, so measurement starts from the steady-state fragmentation instead of drifting
 * away from a fresh zone during the first iterations; three forks with a pinned, pre-touched heap;
 * five warm-up and ten measurement iterations per fork. Run it with these (no {@code -f}/{@code -i}
 * on the command line): JMH's error is a 99.9% confidence interval, Student's t times the standard
 * error, and with one fork of five iterations t is 8.6, so an iteration-to-iteration spread of 6%
 * reads as +-23% (session 8's 49.0 +- 11.6 ns); with 30 iterations t is 3.7 and the same spread
 * reads as +-4%. On a shared machine add {@code -prof kos.bench.CpuTimeProfiler}: CPU ns/op stays
 * put when the thread is descheduled.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
        value = 3,
        jvmArgsPrepend = "--add-modules=jdk.incubator.vector",
        jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
public class BuddyAllocatorBench {
    /** Laps of the operation stream run in set-up before measuring (see the class comment). */
    private static final int PRE_CHURN_LAPS = 4;

    private static final int PAGES = 1 << 18;
    private static final int LIVE = 16_384;
    private static final int STREAM = 1 << 20;

    private BuddyAllocator pairZone, churnZone;
    private long[] live;
    private int[] victims;
    private byte[] orders, types;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom r = new SplittableRandom(1);
        pairZone = new BuddyAllocator(PAGES);
        for (int i = 0; i < PAGES / 4; i++) {
            pairZone.allocate(r.nextInt(3), Mobility.of(r.nextInt(3)), 1);
        }
        churnZone = new BuddyAllocator(PAGES);
        orders = new byte[STREAM];
        types = new byte[STREAM];
        victims = new int[STREAM];
        for (int i = 0; i < STREAM; i++) {
            orders[i] = (byte) (r.nextInt(100) < 3 ? 4 + r.nextInt(5) : r.nextInt(4));
            types[i] = (byte) r.nextInt(3);
            victims[i] = r.nextInt(LIVE);
        }
        live = new long[LIVE];
        for (int i = 0; i < LIVE; i++) {
            live[i] = churnZone.allocate(orders[i], Mobility.of(types[i]), 1 + (i & 7));
        }
        for (int i = 0; i < PRE_CHURN_LAPS * STREAM; i++) {
            mixedChurn();
        }
    }

    @Benchmark
    public long orderZeroPair() {
        long h = pairZone.allocate(0, Mobility.MOVABLE, 2);
        pairZone.free(h);
        return h;
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public long mixedChurn() {
        int i = next;
        next = (i + 1) & (STREAM - 1);
        int v = victims[i];
        churnZone.free(live[v]);
        long h = churnZone.allocate(orders[i], Mobility.of(types[i]), 1 + (i & 7));
        live[v] = h;
        return h;
    }
}
