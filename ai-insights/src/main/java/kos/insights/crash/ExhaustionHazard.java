package kos.insights.crash;

import java.util.Arrays;
import java.util.List;

/**
 * The lack-of-memory half of kos's predictor: a survival-style table that maps the projected time
 * to exhaustion ({@link CrashFeatures#projectionS()}) to the probability that the kernel runs out
 * of memory within the horizon. The projection is physical (headroom over a growth rate that has
 * held for a while), so the same table carries over to workloads it was not fitted on; what is
 * fitted is only how often a projection of each length came true, bin by bin, made non-increasing
 * in the projected time (pool-adjacent-violators) and smoothed by half a positive and half a
 * negative per bin, so every rate is an observed frequency and the output is calibrated on data
 * like the fit's.
 *
 * @param edgesS upper edges of the bins in seconds, ascending; a projection at or beyond the last
 *               edge, or none, falls in the last bin ("no projection")
 * @param rates  one probability per bin: {@code edgesS.length + 1} values
 * @param counts training samples per bin (0 for the hand-set defaults)
 */
public record ExhaustionHazard(double[] edgesS, double[] rates, long[] counts) {
    /** The bins' upper edges, in seconds, of a fit. */
    public static final double[] EDGES_S = {3, 6, 10, 15, 20, 30, 60};

    public ExhaustionHazard {
        if (rates.length != edgesS.length + 1 || counts.length != rates.length) {
            throw new IllegalArgumentException(
                    "a hazard table needs one rate and one count per bin: " + (edgesS.length + 1) + " bins");
        }
        for (int i = 1; i < edgesS.length; i++) {
            if (!(edgesS[i] > edgesS[i - 1])) {
                throw new IllegalArgumentException("bin edges must ascend: " + Arrays.toString(edgesS));
            }
        }
        for (double r : rates) {
            if (!(r >= 0 && r <= 1)) {
                throw new IllegalArgumentException("rates must be probabilities: " + Arrays.toString(rates));
            }
        }
    }

    /** Hand-set rates used until a fitted table ships: high under 10 s, falling to 2% with no projection. */
    public static ExhaustionHazard defaults() {
        return new ExhaustionHazard(
                EDGES_S.clone(),
                new double[] {0.97, 0.93, 0.85, 0.6, 0.4, 0.25, 0.1, 0.02},
                new long[EDGES_S.length + 1]);
    }

    /**
     * Upper edges of the bins of the fragmentation hazard: spare clean regions of the demanded order
     * ({@link CrashFeatures#spareRegions}); 16 or more, or no demand, is the last bin.
     */
    public static final double[] SPARE_EDGES = {1, 2, 4, 8, 16};

    /** Hand-set fragmentation rates used until a fitted table ships: high with no spare region left. */
    public static ExhaustionHazard fragmentationDefaults() {
        return new ExhaustionHazard(
                SPARE_EDGES.clone(), new double[] {0.9, 0.7, 0.4, 0.2, 0.05, 0.01}, new long[SPARE_EDGES.length + 1]);
    }

    /** The bin of a projection in seconds (NaN or infinite: none, the last bin). */
    public int bin(double projectionS) {
        if (!(projectionS >= 0) || Double.isInfinite(projectionS)) {
            return edgesS.length;
        }
        int i = 0;
        while (i < edgesS.length && projectionS >= edgesS[i]) {
            i++;
        }
        return i;
    }

    /** The probability of an out-of-memory event within the horizon after a projection of this length. */
    public double probability(double projectionS) {
        return rates[bin(projectionS)];
    }

    /** A readable name of a bin: {@code "6-10 s"}, {@code "none"}. */
    public String binName(int bin) {
        if (bin == edgesS.length) {
            return "none (or >= " + fmt(edgesS[edgesS.length - 1]) + " s)";
        }
        return (bin == 0 ? "0" : fmt(edgesS[bin - 1])) + "-" + fmt(edgesS[bin]) + " s";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Fits the table: the observed frequency of {@code label} in each bin of {@code projectionS},
     * smoothed ((positives + 0.5) / (samples + 1)) and made non-increasing from the first bin to the
     * last-but-one by pooling adjacent violators (an empty bin takes its shorter neighbour's rate);
     * the "no projection" bin is fitted on its own.
     */
    public static ExhaustionHazard fit(List<double[]> projectionAndLabel) {
        return fit(projectionAndLabel, EDGES_S);
    }

    /** {@link #fit(List)} over other bins: {@code edges} are their upper edges, ascending. */
    public static ExhaustionHazard fit(List<double[]> projectionAndLabel, double[] edges) {
        int bins = edges.length + 1;
        ExhaustionHazard shape = new ExhaustionHazard(edges.clone(), new double[bins], new long[bins]);
        double[] pos = new double[bins];
        long[] n = new long[bins];
        for (double[] s : projectionAndLabel) {
            int b = shape.bin(s[0]);
            n[b]++;
            pos[b] += s[1];
        }
        double[] rate = new double[bins];
        for (int b = 0; b < bins; b++) {
            rate[b] = (pos[b] + 0.5) / (n[b] + 1.0);
        }
        // Pool adjacent violators over the projected bins that hold samples (weights: samples + 1),
        // non-increasing; an empty bin then takes the value of the bin before it (the first: after it).
        int m = bins - 1;
        double[] value = new double[m], weight = new double[m];
        int[][] members = new int[m][];
        int k = 0;
        for (int b = 0; b < m; b++) {
            if (n[b] == 0) {
                continue;
            }
            value[k] = rate[b];
            weight[k] = n[b] + 1.0;
            members[k] = new int[] {b};
            while (k > 0 && value[k - 1] < value[k]) {
                double w = weight[k - 1] + weight[k];
                value[k - 1] = (value[k - 1] * weight[k - 1] + value[k] * weight[k]) / w;
                weight[k - 1] = w;
                int[] joined = Arrays.copyOf(members[k - 1], members[k - 1].length + members[k].length);
                System.arraycopy(members[k], 0, joined, members[k - 1].length, members[k].length);
                members[k - 1] = joined;
                k--;
            }
            k++;
        }
        for (int j = 0; j < k; j++) {
            for (int b : members[j]) {
                rate[b] = value[j];
            }
        }
        int firstFilled = 0;
        while (firstFilled < m && n[firstFilled] == 0) {
            firstFilled++;
        }
        for (int b = 0; b < m; b++) {
            if (n[b] == 0) {
                rate[b] = b < firstFilled ? (firstFilled < m ? rate[firstFilled] : rate[m]) : rate[b - 1];
            }
        }
        return new ExhaustionHazard(edges.clone(), rate, n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExhaustionHazard h
                && Arrays.equals(edgesS, h.edgesS)
                && Arrays.equals(rates, h.rates)
                && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(edgesS) + Arrays.hashCode(rates)) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ExhaustionHazard" + Arrays.toString(rates);
    }
}
