package kos.insights.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CycleProfileTest {
    /** A 120-sample day: 5-sample hours, a slow daily sine and a spike in the second sample of every hour. */
    private static double value(long t) {
        return 3 + Math.sin(2 * Math.PI * t / 120) + (t % 5 == 1 ? 0.8 : 0);
    }

    @Test
    void theCurveOfPastDaysIsTheTrendPlusThePooledHourlyComponent() {
        CycleProfile p = new CycleProfile(120, 14);
        for (long t = 0; t < 2 * 120 + 37; t++) {
            p.observe(value(t));
            if (t >= 120 + 10) {
                for (int a : new int[] {0, 1, 10}) {
                    // the trend is a 5-sample mean of a slow sine; the first day's first samples take the first mean
                    assertEquals(value(t + a), p.curve(a), 0.08, "t " + t + " ahead " + a);
                }
            }
        }
    }
}
