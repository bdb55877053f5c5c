package kos.insights.forecast;

import java.util.SplittableRandom;
import kos.workload.DiurnalWorkload;

/**
 * The noise floor of a service's CPU forecast 1 s ahead: how often a forecaster that knows the
 * generator's hidden state (the demand curve and the AR(1) noise at the last tick) can be within
 * 10% of the next second's demand, given only that the noise's future innovations are unknown.
 * A Monte Carlo of {@link DiurnalWorkload}'s noise process on a flat curve: per tick
 * {@code n <- rho n + sd sqrt(1 - rho^2) z}, demand {@code 1 + n}, one observation the mean of a
 * second's ticks; the oracle forecasts {@code mean_k (1 + rho^k n)}. The scheduler is left out
 * (it only adds unpredictability to what is observed), so this is what no forecaster of the
 * generator's demand can beat on average, not a number any real one reaches.
 */
public final class NoiseFloor {
    private NoiseFloor() {}

    /**
     * The oracle's share of 1 s forecasts within 10%, for noise {@code sd} and {@code ticks} ticks
     * per second, over {@code samples} seconds of a stream seeded by {@code seed}.
     */
    public static double oracleWithin10(double sd, int ticks, int samples, long seed) {
        double rho = DiurnalWorkload.NOISE_RHO, innovation = sd * Math.sqrt(1 - rho * rho);
        SplittableRandom r = new SplittableRandom(seed);
        double n = 0;
        long within = 0;
        for (int i = -100; i < samples; i++) {
            double f = 0, pow = 1;
            for (int k = 1; k <= ticks; k++) {
                pow *= rho;
                f += 1 + pow * n;
            }
            f /= ticks;
            double y = 0;
            for (int k = 0; k < ticks; k++) {
                double u = 1 - r.nextDouble(), v = r.nextDouble();
                n = rho * n + innovation * StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
                y += Math.max(0, 1 + n);
            }
            y /= ticks;
            if (i >= 0 && Math.abs(f - y) <= 0.1 * y) {
                within++;
            }
        }
        return (double) within / samples;
    }
}
