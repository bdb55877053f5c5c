package kos.workload;

import java.util.Locale;
import kos.sim.KosException;

/**
 * The time-of-day shapes of the diurnal workload: a demand level in 0..1 for a position in the
 * simulated day ({@code x} in [0, 1), 0 = midnight), each with a daily trend and an hourly
 * component, as seed 001's "time-of-day/day-of-week trends".
 */
public enum DiurnalPattern {
    /** Working hours: a morning and an afternoon peak, low at night, a small ripple every hour (meetings). */
    OFFICE,
    /** Consumer web traffic: one broad evening peak, a trough before dawn, a weak hourly ripple. */
    WEB,
    /** Batch: a night-time peak plus a cron spike in the first twelfth of every hour. */
    BATCH;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DiurnalPattern parse(String s) {
        for (DiurnalPattern p : values()) {
            if (p.label().equals(s)) {
                return p;
            }
        }
        throw new KosException("unknown pattern '" + s + "': expected office, web or batch");
    }

    /** The demand level at day position {@code x} (any real; only its fraction counts), in [0.15, 1]. */
    public double level(double x) {
        x = x - Math.floor(x);
        double hour = x * 24 - Math.floor(x * 24);
        double v = switch (this) {
            case OFFICE ->
                0.2
                        + 0.75 * Math.max(bump(x, 10.0 / 24, 0.09), 0.85 * bump(x, 15.0 / 24, 0.1))
                        + 0.05 * StrictMath.cos(2 * Math.PI * hour);
            case WEB -> {
                double c = 0.5 - 0.5 * StrictMath.cos(2 * Math.PI * (x - 21.0 / 24 + 0.5));
                yield 0.2 + 0.75 * c * c + 0.03 * StrictMath.sin(2 * Math.PI * hour);
            }
            case BATCH -> 0.2 + 0.6 * bump(x, 2.0 / 24, 0.12) + (hour < 1.0 / 12 ? 0.3 : 0);
        };
        return Math.max(0.15, Math.min(1, v));
    }

    /** A smooth bump of height 1 at {@code centre} with width {@code w}, on the circle of the day. */
    private static double bump(double x, double centre, double w) {
        double d = x - centre;
        d -= Math.rint(d);
        return StrictMath.exp(-d * d / (2 * w * w));
    }
}
