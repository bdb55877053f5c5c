package kos.insights.forecast;

import kos.insights.ml.Mlp;

/**
 * kos's workload forecaster: {@link SeriesFeatures} into a trained {@link Mlp} that predicts the
 * log ratio of the value 1 s and 10 s ahead to the current one. Until a day has been observed
 * (the features need one) it forecasts the last value. Forecasting allocates nothing.
 */
public final class KosForecaster implements Forecaster {
    private final Mlp model;
    private final SeriesFeatures features;
    private final double[] x = new double[SeriesFeatures.NAMES.size()];
    private final double[] y = new double[SeriesFeatures.LABELS.size()];
    private long computedAt = -1, observed;

    public KosForecaster(Mlp model, int season, boolean cpu, boolean machine) {
        if (!model.features().equals(SeriesFeatures.NAMES) || !model.labels().equals(SeriesFeatures.LABELS)) {
            throw new kos.sim.KosException(
                    "this workload model has " + model.features().size()
                            + " features, not this kos's " + SeriesFeatures.NAMES.size()
                            + " (trained by an older kos?): run 'ml collect workload' and 'ml train workload' again");
        }
        this.model = model.copy();
        this.features = new SeriesFeatures(season, cpu, machine);
    }

    @Override
    public String name() {
        return "kos";
    }

    @Override
    public void observe(double value) {
        features.observe(value);
        observed++;
    }

    @Override
    public double forecast(int h) {
        if (!features.ready()) {
            return features.back(0);
        }
        if (computedAt != observed) {
            features.features(x);
            model.predict(x, y);
            computedAt = observed;
        }
        int k = h <= 1 ? 0 : 1;
        if (h != SeriesFeatures.HORIZONS[k]) {
            throw new IllegalArgumentException("the kos forecaster predicts 1 and 10 samples ahead, not " + h);
        }
        return features.unratio(y[k], features.back(0));
    }
}
