package kos.insights.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
