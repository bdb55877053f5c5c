package kos.insights.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PerSecondWindowTest {
    private static final long S = 1_000_000_000L;

    @Test
    void minimumOverTheLastSecondsIncludingTheCurrentOne() {
        PerSecondWindow w = new PerSecondWindow(3, PerSecondWindow.Combine.MIN);
        assertEquals(Double.POSITIVE_INFINITY, w.value());
        w.add(0, 5);
        w.add(S / 2, 2);
        w.add(S, 7);
        w.add(2 * S, 9);
        assertEquals(2, w.value(), "seconds 0, 1, 2");
        w.add(3 * S, 8);
        assertEquals(7, w.value(), "second 0 has left");
    }

    @Test
    void secondsWithoutSamplesHoldNothing() {
        PerSecondWindow w = new PerSecondWindow(4, PerSecondWindow.Combine.SUM);
        w.add(0, 1);
        w.add(S, 2);
        w.add(3 * S + 1, 4);
        assertEquals(7, w.value());
        w.add(100 * S, 1);
        assertEquals(1, w.value(), "a long gap clears everything");
        w.clear();
        assertEquals(0, w.value());
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertThrows(IllegalArgumentException.class, () -> new PerSecondWindow(0, PerSecondWindow.Combine.SUM));
    }

    @Test
    void theCachedValueIsTheRecomputedOne() {
        for (PerSecondWindow.Combine c : PerSecondWindow.Combine.values()) {
            PerSecondWindow w = new PerSecondWindow(7, c);
            SplittableRandom r = new SplittableRandom(3);
            long t = 0;
            for (int i = 0; i < 2_000; i++) {
                t += r.nextInt(4) == 0 ? r.nextLong(3 * S) : 100_000_000L;
                w.add(t, r.nextInt(3) == 0 ? 0.0 : r.nextDouble(-5, 5));
                double fresh = 0;
                for (int k = 0; k < 7; k++) {
                    double b = w.value(k, k + 1);
                    fresh = k == 0 ? b : c.of(fresh, b);
                }
                double v = w.value();
                assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(w.value()), "read twice");
                if (c != PerSecondWindow.Combine.SUM) {
                    assertEquals(fresh, v, 0.0, c + " at sample " + i);
                } else {
                    assertEquals(fresh, v, 1e-9, c + " at sample " + i);
                }
            }
        }
    }

    @Test
    void theAgeOfTheLowestSecond() {
        PerSecondWindow w = new PerSecondWindow(5, PerSecondWindow.Combine.MIN);
        assertEquals(-1, w.agoOfMin());
        w.add(0, 3);
        w.add(S, 1);
        w.add(2 * S, 1);
        w.add(3 * S, 2);
        assertEquals(2, w.agoOfMin(), "ties: the oldest");
        w.add(9 * S, 7);
        assertEquals(0, w.agoOfMin(), "the older seconds left the window");
        PerSecondWindow m = new PerSecondWindow(3, PerSecondWindow.Combine.MAX);
        m.add(0, 2);
        m.add(S, 5);
        m.add(S + 1, 4);
        assertEquals(5, m.value(), 0);
        assertEquals(2, m.value(1, 2), 0);
    }
}
