package kos.sched.policy;

import kos.sched.Distribution;
import kos.sim.KosException;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Gittins index of a job size distribution as a function of attained service {@code a}:
 * {@code G(a) = sup over D > 0 of P(S - a <= D | S > a) / E[min(S - a, D) | S > a]}, the rate at
 * which serving the job for up to D more completes it, at the best D.
 *
 * <p>Computed once per distribution on a grid: age 0 and {@value #POINTS} ages spaced
 * geometrically from 1e-4 of the mean up to where the survival function drops below 1e-9 (or
 * to just past the largest possible size). With the survival function {@code F(t)} and
 * {@code I(t) = int_0^t F} (trapezoids on the grid), {@code G(t_k) = max over m > k of
 * (F(t_k) - F(t_m)) / (I(t_m) - I(t_k))}: O(points^2), a few milliseconds, cached by the
 * distribution's text form. {@link #index} returns the value at the largest grid age not above
 * {@code a}. Pure {@link StrictMath}, so the index (and every decision made with it) is the same
 * on every machine.
 */
public final class GittinsIndex {
    static final int POINTS = 2048;
    private static final Map<String, GittinsIndex> CACHE = new ConcurrentHashMap<>();

    private final double[] ages;
    private final double[] index;
    private final String source;

    private GittinsIndex(Distribution d) {
        double mean = d.meanNs();
        if (!(mean > 0) || Double.isInfinite(mean)) {
            throw new KosException("the Gittins index needs a size distribution with a finite positive mean, not " + d.describe());
        }
        double lo = mean * 1e-4, hi = mean;
        while (d.survival(hi) > 1e-9 && hi < 1e18) {
            hi *= 2;
        }
        hi *= 1.0001;
        ages = new double[POINTS + 1];
        double ratio = StrictMath.pow(hi / lo, 1.0 / (POINTS - 1));
        ages[0] = 0;
        for (int k = 1; k <= POINTS; k++) {
            ages[k] = lo * StrictMath.pow(ratio, k - 1);
        }
        double[] f = new double[ages.length], integral = new double[ages.length];
        for (int k = 0; k < ages.length; k++) {
            f[k] = d.survival(ages[k]);
        }
        for (int k = 1; k < ages.length; k++) {
            integral[k] = integral[k - 1] + 0.5 * (f[k - 1] + f[k]) * (ages[k] - ages[k - 1]);
        }
        index = new double[ages.length];
        for (int k = 0; k < ages.length; k++) {
            double best = 0;
            for (int m = k + 1; m < ages.length; m++) {
                double work = integral[m] - integral[k];
                if (work > 0) {
                    best = Math.max(best, (f[k] - f[m]) / work);
                }
            }
            index[k] = best > 0 ? best : (k > 0 ? index[k - 1] : 1.0 / mean);
        }
        source = d.describe();
    }

    /** The index of {@code d}, computed on first use and shared afterwards (it is immutable). */
    public static GittinsIndex of(Distribution d) {
        return CACHE.computeIfAbsent(d.describe(), k -> new GittinsIndex(d));
    }

    /** The distribution it was computed for, in text form. */
    public String distribution() {
        return source;
    }

    /** G(a) in completions per ns of service, for attained service {@code attainedNs}. */
    public double index(long attainedNs) {
        return index[slot(attainedNs)];
    }

    private int slot(double a) {
        int k = Arrays.binarySearch(ages, a);
        return k >= 0 ? k : Math.max(0, -k - 2);
    }

    /**
     * How much more service a job at {@code attainedNs} gets before its index falls strictly below
     * {@code other} (the grid age where it first does, minus the attained service), or
     * {@code Long.MAX_VALUE} if it never does on the grid.
     */
    public long serviceUntilBelow(long attainedNs, double other) {
        for (int k = slot(attainedNs) + 1; k < ages.length; k++) {
            if (index[k] < other) {
                return Math.max(1, (long) StrictMath.ceil(ages[k] - attainedNs));
            }
        }
        return Long.MAX_VALUE;
    }

    /**
     * A heap key that orders higher indexes first: {@code -ln G} in steps of 1e-6 (relative), so
     * grid rounding noise between equal indexes (an exponential's constant one) does not reorder.
     */
    public long key(long attainedNs) {
        return Math.round(-StrictMath.log(index(attainedNs)) * 1e6);
    }
}
