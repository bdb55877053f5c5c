package kos.shell.app;

import java.util.List;
import kos.attn.AttentionModel;
import kos.nn.NamedLayers;
import kos.sona.SonaModel;

/** The attention scheduler's model as SONA sees it: its projections by name, rows of task features,
 * one predicted burst per row. */
public record AttentionSonaModel(AttentionModel model) implements SonaModel {
    /** The projections SONA adapts: all six. */
    public static final List<String> TARGETS = AttentionModel.MODULES;

    @Override
    public NamedLayers layers() {
        return model.layers();
    }

    @Override
    public int width() {
        return model.features();
    }

    @Override
    public float[] input(int rows) {
        return model.input(rows);
    }

    @Override
    public float[] forward(int rows) {
        return model.forward(rows);
    }

    @Override
    public void backward(float[] dp) {
        model.backward(dp);
    }
}
