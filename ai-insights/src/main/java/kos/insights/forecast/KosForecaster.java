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
     * Holt-Winters' (alpha, beta, gamma) for the 1 s and the 10 s blend, and the decay of the
     * blend's error moments; {@code null} parameters turn the blend off (the network alone).
     */
    public record BlendParams(double[] hw1, double[] hw10, double decay) {
        public BlendParams {
            if (hw1 == null || hw10 == null || hw1.length != 3 || hw10.length != 3 || !(decay > 0 && decay <= 1)) {
                throw new IllegalArgumentException(
                        "blend parameters need two (alpha, beta, gamma) and a decay in (0, 1]");
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
                            blend.decay()),
                    new Blend(
                            SeriesFeatures.HORIZONS[1],
                            new HoltWinters(season, blend.hw10()[0], blend.hw10()[1], blend.hw10()[2]),
                            blend.decay())
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
     * {@code (1 - w) kos + w hw}, with {@code w} the weight minimising the squared error of the blend
     * given exponentially weighted second moments of the two forecasts' errors (Bates-Granger with the
     * covariance), clipped to [0, 1]; 0 until {@link #WARMUP} errors have been seen. The errors of the
     * forecasts made {@code h} samples ago are resolved when the value they forecast is observed.
     */
    static final class Blend {
        static final int WARMUP = 30;
        private final int h;
        private final HoltWinters hw;
        private final double decay;
        private final double[] kosRing, hwRing;
        private final boolean[] made;
        private double skk, shh, skh;
        private long n, errors;

        Blend(int h, HoltWinters hw, double decay) {
            this.h = h;
            this.hw = hw;
            this.decay = decay;
            this.kosRing = new double[h];
            this.hwRing = new double[h];
            this.made = new boolean[h];
        }

        /** The new value (and its log): resolves the forecasts made h samples ago, then updates Holt-Winters. */
        void observe(double value, double logValue) {
            int slot = (int) (n % h);
            if (made[slot]) {
                double ek = kosRing[slot] - logValue, eh = hwRing[slot] - logValue;
                skk += decay * (ek * ek - skk);
                shh += decay * (eh * eh - shh);
                skh += decay * (ek * eh - skh);
                errors++;
                made[slot] = false;
            }
            hw.observe(value);
            n++;
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
            double den = skk + shh - 2 * skh;
            if (errors < WARMUP || !(den > 1e-12)) {
                return 0;
            }
            return Math.max(0, Math.min(1, (skk - skh) / den));
        }
    }
}
