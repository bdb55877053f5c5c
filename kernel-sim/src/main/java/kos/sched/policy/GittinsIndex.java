package kos.sched.policy;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;
import kos.sched.Distribution;
import kos.sim.KosException;

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
    // the first grid age no size reaches (-1: none), and the smallest index on the grid
    private int supportEnd = -1;
    private final double minIndex;

    private GittinsIndex(Distribution d) {
        this(d::survival, d.meanNs(), POINTS, d.describe(), Double.POSITIVE_INFINITY);
    }

    /** @param maxAge the grid ends here at the latest (past it the index falls like least attained service) */
    private GittinsIndex(DoubleUnaryOperator survival, double mean, int points, String source, double maxAge) {
        if (!(mean > 0) || Double.isInfinite(mean)) {
            throw new KosException(
                    "the Gittins index needs a size distribution with a finite positive mean, not " + source);
        }
        double lo = mean * 1e-4, hi = mean;
        while (survival.applyAsDouble(hi) > 1e-9 && hi < 1e18 && hi < maxAge) {
            hi *= 2;
        }
        hi *= 1.0001;
        ages = new double[points + 1];
        double ratio = StrictMath.pow(hi / lo, 1.0 / (points - 1));
        ages[0] = 0;
        for (int k = 1; k <= points; k++) {
            ages[k] = lo * StrictMath.pow(ratio, k - 1);
        }
        double[] f = new double[ages.length], integral = new double[ages.length];
        for (int k = 0; k < ages.length; k++) {
            f[k] = survival.applyAsDouble(ages[k]);
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
            if (best == 0 && supportEnd < 0) {
                supportEnd = k;
            }
        }
        double min = Double.MAX_VALUE;
        for (double v : index) {
            min = Math.min(min, v);
        }
        this.minIndex = min;
        this.source = source;
    }

    /**
     * The index of the empirical distribution of {@code sizes} (ns, any order; not kept), its CDF
     * interpolated linearly between the order statistics so that the index has no artificial
     * jumps between observed sizes; on a grid of {@code points} ages. Not cached.
     */
    public static GittinsIndex ofSamples(long[] sizes, int n, int points) {
        return ofSamples(sizes, n, points, 0);
    }

    /**
     * As {@link #ofSamples(long[], int, int)}, but with a fitted tail when {@code tail > 0} and
     * there are at least {@code 2 tail} samples: past the {@code (tail + 1)}-th largest size
     * {@code u}, the survival function is {@code (tail / n) (t / u)^-alpha}, alpha the Hill estimate
     * from the {@code tail} largest sizes, instead of the empirical one. The empirical
     * distribution's support ends at the largest size seen, so its index rises near it (a job that
     * old is certain to end soon) and then drops: for heavy-tailed sizes, whose largest jobs have
     * not finished yet when the index is learned, both are artefacts of the sample, and the fitted
     * tail replaces them by the falling index of a Pareto tail (steep for light tails).
     */
    public static GittinsIndex ofSamples(long[] sizes, int n, int points, int tail) {
        double[] s = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            s[i] = Math.max(1, sizes[i]);
            sum += s[i];
        }
        Arrays.sort(s);
        boolean fitted = tail > 0 && n >= 2 * tail;
        double u = fitted ? s[n - tail - 1] : 0, p0 = (double) tail / n;
        double logs = 0;
        for (int i = n - tail; fitted && i < n; i++) {
            logs += StrictMath.log(s[i] / u);
        }
        // alpha = tail / sum of log-spacings; capped so a sample of equal sizes does not divide by zero
        double alpha = fitted ? Math.min(50, tail / Math.max(logs, 1e-9)) : 0;
        double limit = fitted ? u * 100 : Double.POSITIVE_INFINITY; // the grid ends there: older jobs fall like LAS
        DoubleUnaryOperator survival = t -> {
            if (t <= 0) {
                return 1;
            }
            if (fitted && t > u) {
                return p0 * StrictMath.pow(t / u, -alpha);
            }
            if (t >= s[n - 1]) {
                return 0;
            }
            int k = Arrays.binarySearch(s, t);
            int hi = k >= 0 ? k : -k - 1; // first order statistic >= t
            double x0 = hi == 0 ? 0 : s[hi - 1], f0 = hi == 0 ? 0 : (double) hi / n;
            double x1 = s[hi], f1 = (double) (hi + 1) / n;
            double cdf = x1 == x0 ? f1 : f0 + (f1 - f0) * (t - x0) / (x1 - x0);
            return 1 - cdf;
        };
        return new GittinsIndex(
                survival, sum / n, points, "empirical(" + n + (fitted ? ", tail " + tail : "") + ")", limit);
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
        int k = slot(attainedNs);
        if (supportEnd >= 0 && k >= supportEnd) {
            // older than any size the distribution allows (an empirical one has seen): nothing says it ends soon,
            // so rank it below every age it knows, falling like least attained service
            return minIndex * ages[supportEnd] / Math.max(ages[supportEnd], attainedNs);
        }
        return index[k];
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
            if (supportEnd >= 0 && k >= supportEnd) {
                return Math.max(1, (long) StrictMath.ceil(ages[k] - attainedNs));
            }
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
