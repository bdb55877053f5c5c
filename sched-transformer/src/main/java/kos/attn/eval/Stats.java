package kos.attn.eval;

/** Small-sample statistics for paired comparisons over seeds. */
final class Stats {
    // two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
            2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

    private Stats() {
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return x.length == 0 ? Double.NaN : s / x.length;
    }

    /** Half width of the 95% confidence interval of the mean (Student t, n - 1 degrees of freedom); NaN below 2 values. */
    static double ci95HalfWidth(double[] x) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double m = mean(x), ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double t = n - 1 <= T975.length ? T975[n - 2] : 1.960;
        return t * sd / Math.sqrt(n);
    }
}
