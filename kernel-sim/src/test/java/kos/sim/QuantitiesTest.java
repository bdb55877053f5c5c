package kos.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantitiesTest {
    @Test
    void durations() {
        assertEquals(5, Quantities.parseDuration("5ns"));
        assertEquals(1_500, Quantities.parseDuration("1.5us"));
        assertEquals(250_000_000L, Quantities.parseDuration("250ms"));
        assertEquals(10_000_000_000L, Quantities.parseDuration("10s"));
        assertEquals(120_000_000_000L, Quantities.parseDuration("2m"));
        assertEquals(0, Quantities.parseDuration("0s"));
    }

    @Test
    void sizes() {
        assertEquals(4096, Quantities.parseSize("4KiB"));
        assertEquals(512L << 20, Quantities.parseSize("512MiB"));
        assertEquals(16L << 30, Quantities.parseSize("16GiB"));
        assertEquals(100, Quantities.parseSize("100"));
        assertEquals(1L << 29, Quantities.parseSize("0.5GiB"));
    }

    @Test
    void rates() {
        assertEquals(8.0 * (1 << 20), Quantities.parseRate("8MiB/s"));
        assertEquals(1000.0 * 4096, Quantities.parseRate("4KiB/ms"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "10x", "ten s", "-5s", "1.2.3s", "s"})
    void badDurationsNameTheValueAndTheForm(String bad) {
        KosException e = assertThrows(KosException.class, () -> Quantities.parseDuration(bad));
        assertTrue(e.getMessage().contains("duration"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"12XB", "-1MiB", "MiB", "1e3", "99999999999999999999GiB"})
    void badSizesAreRejected(String bad) {
        assertThrows(KosException.class, () -> Quantities.parseSize(bad));
    }

    @Test
    void formatting() {
        assertEquals("1.500s", Quantities.formatDuration(1_500_000_000L));
        assertEquals("2.000ms", Quantities.formatDuration(2_000_000L));
        assertEquals("512.0MiB", Quantities.formatBytes(512L << 20));
    }
}
