package kos.insights.forecast;

import kos.insights.ml.Mlp;

/**
 * kos's workload forecaster: {@link SeriesFeatures} into a trained {@link Mlp} that predicts the
 * log ratio of the value 1 s and 10 s ahead to the current one, then, per horizon, blended with a
 * Holt-Winters forecaster of that horizon by the weight that would have minimised the squared
 * error of the blend on this series' recent forecasts ({@link Blend}). Until a day has been
 * observed (the features need one) it forecasts the last value. Forecasting allocates nothing.
 */
public final class KosForecaster implements Forecaster {
    private final Mlp model;
    private final SeriesFeatures features;
    private final double[] x = new double[SeriesFeatures.NAMES.size()];
    private final double[] y = new double[SeriesFeatures.LABELS.size()];
    private final Blend[] blends;
    private final double[] out = new double[SeriesFeatures.LABELS.size()];
    private long observed;

    /**
     * Holt-Winters' (alpha, beta, gamma) for the 1 s and the 10 s blend; the decays of the blend's
     * fast and slow error moments; the gate: the slow weight Holt-Winters must have earned on a
     * series before the fast weight is used there ({@link Blend}).
     */
    public record BlendParams(double[] hw1, double[] hw10, double fast, double slow, double gate) {
        public BlendParams {
            if (hw1 == null
                    || hw10 == null
                    || hw1.length != 3
                    || hw10.length != 3
                    || !(fast > 0 && fast <= 1)
                    || !(slow > 0 && slow <= 1)
                    || !(gate >= 0 && gate <= 1)) {
                throw new IllegalArgumentException(
                        "blend parameters need two (alpha, beta, gamma), two decays in (0, 1] and a gate in [0, 1]");
            }
            hw1 = hw1.clone();
            hw10 = hw10.clone();
        }
    }

    /** The network alone. */
    public KosForecaster(Mlp model, int season, boolean cpu, boolean machine) {
        this(model, season, cpu, machine, null);
    }

    public KosForecaster(Mlp model, int season, boolean cpu, boolean machine, BlendParams blend) {
        if (!model.features().equals(SeriesFeatures.NAMES) || !model.labels().equals(SeriesFeatures.LABELS)) {
            throw new kos.sim.KosException(
                    "this workload model has " + model.features().size()
                            + " features, not this kos's " + SeriesFeatures.NAMES.size()
                            + " (trained by an older kos?): run 'ml collect workload' and 'ml train workload' again");
        }
        this.model = model.copy();
        this.features = new SeriesFeatures(season, cpu, machine);
        this.blends = blend == null
                ? null
                : new Blend[] {
                    new Blend(
                            SeriesFeatures.HORIZONS[0],
                            new HoltWinters(season, blend.hw1()[0], blend.hw1()[1], blend.hw1()[2]),
                            blend),
                    new Blend(
                            SeriesFeatures.HORIZONS[1],
                            new HoltWinters(season, blend.hw10()[0], blend.hw10()[1], blend.hw10()[2]),
                            blend)
                };
    }

    @Override
    public String name() {
        return "kos";
    }

    @Override
    public void observe(double value) {
        features.observe(value);
        observed++;
        if (blends != null) {
            double lv = features.logLatest();
            for (Blend b : blends) {
                b.observe(value, lv);
            }
        }
        if (!features.ready()) {
            return;
        }
        features.features(x);
        model.predict(x, y);
        double lv = features.logLatest();
        for (int k = 0; k < y.length; k++) {
            double l = lv + y[k];
            out[k] = features.unlog(blends == null ? l : blends[k].blend(l, features));
        }
    }

    @Override
    public double forecast(int h) {
        if (!features.ready()) {
            return features.back(0);
        }
        int k = h <= 1 ? 0 : 1;
        if (h != SeriesFeatures.HORIZONS[k]) {
            throw new IllegalArgumentException("the kos forecaster predicts 1 and 10 samples ahead, not " + h);
        }
        return out[k];
    }

    /**
     * The blend of one horizon: the network's and Holt-Winters' forecasts on the log scale,
     * {@code (1 - w) kos + w hw}. The weight minimising the squared error of the blend, given
     * exponentially weighted second moments of the two forecasts' errors (Bates-Granger with the
     * covariance, clipped to [0, 1]), is estimated twice: over a long memory ({@code slow}) and a
     * short one ({@code fast}). Where the long-run weight is under the gate (Holt-Winters adds little
     * on this series, and the short-run weight would mostly follow noise) the network is used alone;
     * above it, the short-run weight, which follows where in the day Holt-Winters is the better one.
     * The weight is 0 until {@link #WARMUP} errors have been seen. The errors of the forecasts made
     * {@code h} samples ago are resolved when the value they forecast is observed.
     */
    static final class Blend {
        static final int WARMUP = 30;
        private final int h;
        private final HoltWinters hw;
        private final double fast, slow, gate;
        private final double[] kosRing, hwRing;
        private final boolean[] made;
        /** Second moments: kos-kos, hw-hw, kos-hw; fast, then slow. */
        private final double[] m = new double[6];

        private long n, errors;

        Blend(int h, HoltWinters hw, BlendParams p) {
            this.h = h;
            this.hw = hw;
            this.fast = p.fast();
            this.slow = p.slow();
            this.gate = p.gate();
            this.kosRing = new double[h];
            this.hwRing = new double[h];
            this.made = new boolean[h];
        }

        /** The new value (and its log): resolves the forecasts made h samples ago, then updates Holt-Winters. */
        void observe(double value, double logValue) {
            int slot = (int) (n % h);
            if (made[slot]) {
                double ek = kosRing[slot] - logValue, eh = hwRing[slot] - logValue;
                update(0, fast, ek, eh);
                update(3, slow, ek, eh);
                errors++;
                made[slot] = false;
            }
            hw.observe(value);
            n++;
        }

        private void update(int at, double d, double ek, double eh) {
            m[at] += d * (ek * ek - m[at]);
            m[at + 1] += d * (eh * eh - m[at + 1]);
            m[at + 2] += d * (ek * eh - m[at + 2]);
        }

        /** Blends the network's log forecast {@code kosLog} with Holt-Winters', and remembers both. */
        double blend(double kosLog, SeriesFeatures f) {
            double hwLog = f.logOf(hw.forecast(h));
            int slot = (int) ((n - 1) % h);
            kosRing[slot] = kosLog;
            hwRing[slot] = hwLog;
            made[slot] = true;
            return kosLog + weight() * (hwLog - kosLog);
        }

        /** Holt-Winters' weight in the blend. */
        double weight() {
            double longRun = weight(3);
            return errors < WARMUP || longRun == 0 || longRun < gate ? 0 : weight(0);
        }

        private double weight(int at) {
            double kk = m[at], hh = m[at + 1], kh = m[at + 2], den = kk + hh - 2 * kh;
            return den > 1e-12 ? Math.max(0, Math.min(1, (kk - kh) / den)) : 0;
        }
    }
}
