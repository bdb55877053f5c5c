package kos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    private static String error(Runnable r) {
        return assertThrows(KosException.class, r::run).getMessage();
    }

    @Test
    void numbersAreAsciiDecimalFiniteAndInRange() {
        assertEquals(1_000_000, Quantities.parseLong("1_000_000"));
        assertEquals(-3, Quantities.parseLong("-3"));
        assertEquals(1e-300, Quantities.parseDouble("1e-300"));
        assertEquals(0.5, Quantities.parseDouble(".5"));
        assertTrue(error(() -> Quantities.parseLong("\u0661\u0662")).contains("use the digits 0-9"));
        assertTrue(error(() -> Quantities.parseLong("0x10")).contains("hex is not accepted"));
        assertTrue(error(() -> Quantities.parseDouble("0x1p3")).contains("hex is not accepted"));
        assertTrue(error(() -> Quantities.parseDouble("Infinity")).contains("finite"));
        assertTrue(error(() -> Quantities.parseDouble("NaN")).contains("finite"));
        assertTrue(error(() -> Quantities.parseDouble("1e309")).contains("too large"));
        assertTrue(error(() -> Quantities.parseDouble("1e-400")).contains("too small"));
        assertTrue(error(() -> Quantities.parseLong("99999999999999999999"))
                .contains("out of range: expected a whole number that fits in 64 bits"));
        assertTrue(error(() -> Quantities.parseInt("3000000000", Integer.MIN_VALUE, Integer.MAX_VALUE, null))
                .contains("expected a whole number from -2147483648 to 2147483647"));
        assertTrue(error(() -> Quantities.parseInt("-3", 1, 512, "--threads"))
                .contains("--threads: '-3' is out of range: expected 1..512"));
        assertEquals(7, Quantities.parseInt("7", 1, 512, "--threads"));
    }

    @Test
    void durationsAndSizesHaveCeilings() {
        assertTrue(error(() -> Quantities.parseDuration("-5s")).contains("is negative"));
        assertTrue(error(() -> Quantities.parseDuration("2562047h")).contains("at most 100000h"));
        assertTrue(error(() -> Quantities.parseSize("9223372036854775807")).contains("at most 1024TiB"));
        assertTrue(error(() -> Quantities.parseDuration("0x10s")).contains("duration"));
        assertTrue(error(() -> Quantities.parseDuration("\u0665s")).contains("duration"));
        assertTrue(Quantities.looksNegative("-5s"));
        assertTrue(Quantities.looksNegative("-0.5GiB"));
        assertTrue(!Quantities.looksNegative("--force"));
    }

    @Test
    void theVirtualClockRefusesToOverflow() {
        Simulation sim = new Simulation(1);
        sim.runFor(Quantities.parseDuration("100000h"));
        for (int i = 0; i < 24; i++) {
            sim.runFor(Quantities.MAX_DURATION_NS);
        }
        assertTrue(error(() -> sim.runFor(Quantities.MAX_DURATION_NS)).contains("limit of about 292 years"));
    }

    @Test
    void quotedValuesAreEscapedAndCapped() {
        String e = error(() -> Quantities.parseLong("1\u001b[2J" + "x".repeat(10_000)));
        assertTrue(!e.contains("\u001b") && e.length() < 300, e);
    }
}
