package kos.insights.threat;

import kos.insights.ml.Mlp;

/** kos's own model: the pipeline's {@link Mlp} (one hidden layer, sigmoid output) trained on the same rows. */
public final class MlpDetector implements ThreatDetector {
    private final Mlp mlp;
    private final double[] y = new double[1];

    public MlpDetector(Mlp mlp) {
        this.mlp = mlp;
    }

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public double score(double[] x) {
        mlp.predict(x, y);
        return y[0];
    }
}
