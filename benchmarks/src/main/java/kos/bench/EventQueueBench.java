package kos.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import kos.sim.EventQueue;
import kos.sim.EventTarget;
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
 * The event queue in its steady state: with {@code pending} events queued, pop the earliest and
 * schedule one a random delay later (the hold model of discrete-event simulation). One operation
 * is one pop plus one push.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class EventQueueBench {
    private static final EventTarget NOP = (sim, kind, arg) -> {};

    @Param({"64", "4096", "262144"})
    int pending;

    private EventQueue queue;
    private long[] delays;
    private int next;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        queue = new EventQueue();
        delays = new long[1 << 16];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = 1 + (long) (-Math.log(1 - r.nextDouble()) * 1_000_000);
        }
        for (int i = 0; i < pending; i++) {
            queue.offer(delays[i & (delays.length - 1)], NOP, 0, i);
        }
    }

    @Benchmark
    public long holdPopPush() {
        long t = queue.peekTime();
        long arg = queue.peekArg();
        queue.removeFirst();
        queue.offer(t + delays[next++ & (delays.length - 1)], NOP, 0, arg);
        return t;
    }
}
