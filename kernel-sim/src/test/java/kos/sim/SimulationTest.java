package kos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import kos.simd.FloatKernels;
import kos.simd.Kernels;
import org.junit.jupiter.api.Test;

class SimulationTest {
    private static final TraceKind TICK = TraceKind.of("test.tick", "n", "score");

    /**
     * A toy subsystem that draws random inter-arrival times, scores each arrival with the float
     * kernels and traces the result: enough to exercise every determinism ingredient.
     */
    static final class Arrivals implements EventTarget {
        private final SplittableRandom rnd;
        private final FloatKernels k;
        private final float[] w = new float[37], x = new float[37];
        private long n;

        Arrivals(Simulation sim, FloatKernels k) {
            this.rnd = sim.random().stream("arrivals");
            this.k = k;
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) rnd.nextGaussian();
            }
            sim.scheduleAfter(0, this, 0, 0);
        }

        @Override
        public void onEvent(Simulation sim, int kind, long arg) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextDouble(-1, 1);
            }
            float score = k.dot(w, 0, x, 0, x.length);
            sim.trace().record(TICK, sim.now(), n++, Float.floatToIntBits(score), 0);
            sim.scheduleAfter(1 + (long) (-Math.log(1 - rnd.nextDouble()) * 1_000_000), this, 0, 0);
        }
    }

    static long digestOf(long seed, FloatKernels k) {
        Simulation sim = new Simulation(seed);
        new Arrivals(sim, k);
        sim.runFor(2 * Quantities.NS_PER_S);
        return sim.trace().digest();
    }

    @Test
    void sameSeedSameDigest() {
        assertEquals(digestOf(42, Kernels.get()), digestOf(42, Kernels.get()));
    }

    @Test
    void differentSeedDifferentDigest() {
        assertNotEquals(digestOf(42, Kernels.get()), digestOf(43, Kernels.get()));
    }

    @Test
    void scalarAndVectorKernelsGiveTheSameDigest() {
        FloatKernels panama = Kernels.panamaOrNull();
        org.junit.jupiter.api.Assumptions.assumeTrue(panama != null, "jdk.incubator.vector not loaded");
        assertEquals(digestOf(7, Kernels.scalar()), digestOf(7, panama));
    }

    @Test
    void sameTimeEventsFireInSchedulingOrder() {
        Simulation sim = new Simulation(1);
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            int id = i;
            sim.scheduleAfter(100, s -> order.append(id));
        }
        sim.runFor(100);
        assertEquals("01234", order.toString());
    }

    @Test
    void runForAdvancesTheClockEvenWithoutEvents() {
        Simulation sim = new Simulation(1);
        RunResult r = sim.runFor(5 * Quantities.NS_PER_S);
        assertEquals(StopReason.TIME_REACHED, r.reason());
        assertEquals(5 * Quantities.NS_PER_S, sim.now());
        assertEquals(0, r.events());
    }

    @Test
    void runUntilConditionStopsAtTheEvent() {
        Simulation sim = new Simulation(1);
        long[] ticks = {0};
        sim.every(10, s -> ticks[0]++);
        RunResult r = sim.runUntil(() -> ticks[0] == 7, 1_000);
        assertEquals(StopReason.CONDITION_MET, r.reason());
        assertEquals(70, sim.now());
        sim.runFor(30);
        assertEquals(10, ticks[0]);
    }

    @Test
    void pausedRunResumesWhereItStopped() {
        Simulation a = new Simulation(3), b = new Simulation(3);
        new Arrivals(a, Kernels.scalar());
        new Arrivals(b, Kernels.scalar());
        a.runFor(1_000_000_000L);
        for (int i = 0; i < 10; i++) {
            b.runFor(100_000_000L);
        }
        assertEquals(a.trace().digest(), b.trace().digest());
        assertEquals(a.now(), b.now());
    }

    @Test
    void stopRequestFromAnotherThreadPausesTheRun() throws Exception {
        Simulation sim = new Simulation(1);
        sim.every(1, s -> {});
        Thread stopper = new Thread(sim::requestStop);
        RunResult[] result = new RunResult[1];
        Thread runner = new Thread(() -> result[0] = sim.runFor(Long.MAX_VALUE / 4));
        runner.start();
        Thread.sleep(50);
        stopper.start();
        runner.join(10_000);
        assertEquals(StopReason.STOP_REQUESTED, result[0].reason());
        assertTrue(sim.now() > 0);
        assertEquals(StopReason.STOP_REQUESTED, sim.runFor(10).reason(), "the request holds until cleared");
        sim.clearStopRequest();
        assertEquals(StopReason.TIME_REACHED, sim.runFor(10).reason());
    }

    @Test
    void crashStopsTheRunForGood() {
        Simulation sim = new Simulation(1);
        sim.scheduleAfter(50, s -> s.crash("mem", "oom-lack-of-memory", "no memory"));
        sim.every(10, s -> {});
        RunResult r = sim.runFor(1_000);
        assertEquals(StopReason.CRASHED, r.reason());
        assertEquals(50, sim.now());
        assertEquals(StopReason.CRASHED, sim.runFor(1_000).reason());
        assertEquals("oom-lack-of-memory", sim.crashed().orElseThrow().cause());
    }

    @Test
    void schedulingInThePastIsABug() {
        Simulation sim = new Simulation(1);
        sim.runFor(100);
        assertThrows(IllegalArgumentException.class, () -> sim.schedule(99, (s, k, a) -> {}, 0, 0));
    }

    @Test
    void randomStreamsAreIndependentOfRequestOrder() {
        RandomStreams a = new RandomStreams(9), b = new RandomStreams(9);
        long fromA = a.stream("mem").nextLong();
        b.stream("sched").nextLong();
        b.stream("other").nextLong();
        assertEquals(fromA, b.stream("mem").nextLong());
        assertNotEquals(a.stream("x").nextLong(), a.stream("y").nextLong());
    }

    @Test
    void processTableTellsListenersInOrder() {
        Simulation sim = new Simulation(1);
        StringBuilder log = new StringBuilder();
        sim.processes()
                .addExitListener(
                        (s, pid, killed, reason) -> log.append("L").append(pid).append(killed ? "k" : "e"));
        long p1 = sim.processes()
                .spawn(
                        "a",
                        "test",
                        (s, pid, killed, reason) -> log.append("own").append(pid));
        long p2 = sim.processes().spawn("b", "test", null);
        assertTrue(sim.processes().kill(p1, "oom"));
        assertTrue(sim.processes().exit(p2, "done"));
        assertEquals(false, sim.processes().kill(p1, "again"));
        assertEquals("own1L1kL2e", log.toString());
        assertEquals(1, sim.processes().killedCount());
    }
}
