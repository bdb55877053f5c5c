package kos.insights.threat;

import kos.insights.ml.Mlp;
import kos.sim.KosException;

/**
 * kos's own model: the pipeline's {@link Mlp} (one hidden layer, sigmoid output) trained on the same rows;
 * reads a full {@link kos.threat.TaskFeatures} row and uses {@link ThreatModel#FEATURES} of it.
 */
public final class MlpDetector implements ThreatDetector {
    private final Mlp mlp;
    private final double[] y = new double[1];

    public MlpDetector(Mlp mlp) {
        if (!mlp.features().equals(ThreatModel.FEATURES)) {
            throw new KosException("this threat model was trained on other features ("
                    + mlp.features().size()
                    + " inputs, expected " + ThreatModel.FEATURES.size()
                    + "); train a new version with 'ml collect threat' and 'ml train threat'");
        }
        this.mlp = mlp;
    }

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public double score(double[] x) {
        mlp.predict(ThreatModel.project(x), y);
        return y[0];
    }
}
