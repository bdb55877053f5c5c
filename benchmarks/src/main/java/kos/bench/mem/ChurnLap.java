package kos.bench.mem;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import kos.mem.BuddyAllocator;
import kos.mem.Mobility;

/**
 * One lap of {@link BuddyAllocatorBench}'s mixed churn (the same zone, stream and seed) per call,
 * returning the thread's CPU time in ns: what {@link ChurnPair} alternates between two builds.
 */
public final class ChurnLap implements LongSupplier {
    private static final int PAGES = 1 << 18, LIVE = 16_384, STREAM = 1 << 20;
    private final BuddyAllocator zone;
    private final long[] live = new long[LIVE];
    private final byte[] orders = new byte[STREAM], types = new byte[STREAM];
    private final int[] victims = new int[STREAM];
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    public ChurnLap() {
        SplittableRandom r = new SplittableRandom(1);
        BuddyAllocator pairZone = new BuddyAllocator(PAGES); // drawn as the benchmark does, for the same stream
        for (int i = 0; i < PAGES / 4; i++) {
            pairZone.allocate(r.nextInt(3), Mobility.of(r.nextInt(3)), 1);
        }
        zone = new BuddyAllocator(PAGES);
        for (int i = 0; i < STREAM; i++) {
            orders[i] = (byte) (r.nextInt(100) < 3 ? 4 + r.nextInt(5) : r.nextInt(4));
            types[i] = (byte) r.nextInt(3);
            victims[i] = r.nextInt(LIVE);
        }
        for (int i = 0; i < LIVE; i++) {
            live[i] = zone.allocate(orders[i], Mobility.of(types[i]), 1 + (i & 7));
        }
        for (int lap = 0; lap < 4; lap++) { // steady state, as the benchmark's set-up
            getAsLong();
        }
    }

    /** Operations per lap (a free and an allocate per stream entry). */
    public static int operations() {
        return 2 * STREAM;
    }

    @Override
    public long getAsLong() {
        long t0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < STREAM; i++) {
            int v = victims[i];
            zone.free(live[v]);
            live[v] = zone.allocate(orders[i], Mobility.of(types[i]), 1 + (i & 7));
        }
        return threads.getCurrentThreadCpuTime() - t0;
    }
}
