package kos.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WatermarksPsiTest {
    @Test
    void sixteenGibZoneMatchesTheKernel() {
        Watermarks w = Watermarks.forZone(16L * 1024 * 1024 * 1024 / 4096);
        assertEquals(16384, w.minFreeKbytes());
        assertEquals(4096, w.min());
        assertEquals(8290, w.low());
        assertEquals(12484, w.high());
    }

    @Test
    void smallZonesUseTheQuarterOfMinAndTheClamp() {
        // 512 MiB: isqrt(524288*16) = 2896 kB -> min 724; tmp = max(181, 131) = 181
        Watermarks w = Watermarks.forZone(131072);
        assertEquals(2896, w.minFreeKbytes());
        assertEquals(724, w.min());
        assertEquals(905, w.low());
        assertEquals(1086, w.high());
        // 4 MiB: isqrt(4096*16) = 256 kB
        assertEquals(64, Watermarks.forZone(1024).min());
        // the lower clamp: 128 kB for a tiny zone
        assertEquals(128, Watermarks.forZone(64).minFreeKbytes());
    }

    @Test
    void isqrtIsExact() {
        for (long n = 0; n < 5000; n++) {
            long r = Watermarks.isqrt(n);
            assertEquals(true, r * r <= n && (r + 1) * (r + 1) > n, "isqrt(" + n + ")");
        }
    }

    private static String all(Psi p) {
        return p.format(0) + " " + p.format(1) + " " + p.format(2);
    }

    @Test
    void psiReferenceVector() {
        Psi p = new Psi();
        p.update(Psi.PERIOD_NS, Psi.PERIOD_NS);
        assertEquals("18.11 3.27 0.68", all(p));
        for (int i = 0; i < 4; i++) {
            p.update(Psi.PERIOD_NS, Psi.PERIOD_NS);
        }
        assertEquals("63.18 15.32 3.37", all(p));
        for (int i = 0; i < 10; i++) {
            p.update(Psi.PERIOD_NS, Psi.PERIOD_NS);
        }
        assertEquals("95.01 39.28 9.78", all(p));
        p.update(0, Psi.PERIOD_NS);
        assertEquals("77.80 37.99 9.71", all(p));
    }

    @Test
    void psiClampsStallToThePeriod() {
        Psi p = new Psi();
        p.update(5 * Psi.PERIOD_NS, Psi.PERIOD_NS);
        assertEquals("18.11", p.format(0));
        assertEquals(Psi.PERIOD_NS, p.totalNs());
    }
}
