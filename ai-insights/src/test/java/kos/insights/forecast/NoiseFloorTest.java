package kos.insights.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoiseFloorTest {
    @Test
    void theOracleIsPerfectWithoutNoiseAndLimitedWithIt() {
        assertEquals(1.0, NoiseFloor.oracleWithin10(0, 5, 1000, 1));
        assertTrue(NoiseFloor.oracleWithin10(0.05, 5, 20_000, 1) > 0.999);
        double noisy = NoiseFloor.oracleWithin10(0.15, 5, 100_000, 1);
        assertTrue(noisy > 0.85 && noisy < 0.89, "noise 0.15: " + noisy);
        assertEquals(noisy, NoiseFloor.oracleWithin10(0.15, 5, 100_000, 1));
    }
}
