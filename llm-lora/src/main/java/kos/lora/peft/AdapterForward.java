package kos.lora.peft;

import kos.nn.Linear;
import kos.nn.NamedLayers;
import kos.sim.KosException;
import kos.sim.SafeText;

/** One module's layer with an adapter attached, applied to one input: {@code y = W x + b + scaling * B (A x)}. */
public final class AdapterForward {
    private AdapterForward() {}

    /** {@code requested}, checked against the adapter, or the adapter's only module when null. */
    public static String module(PeftAdapter adapter, String requested) {
        if (requested == null) {
            if (adapter.modules().size() != 1) {
                throw new KosException("the adapter has modules "
                        + SafeText.names(adapter.modules().keySet()) + "; choose one with --module");
            }
            return adapter.modules().firstKey();
        }
        adapter.module(requested);
        return requested;
    }

    /** The output of {@code base} with {@code adapter} attached for input {@code x}; finite or refused. */
    public static float[] apply(PeftAdapter adapter, Linear base, float[] x) {
        if (x.length != base.inFeatures()) {
            throw new KosException(
                    "the input has " + x.length + " values but " + base.name() + " takes " + base.inFeatures());
        }
        NamedLayers model = new NamedLayers();
        model.add(base);
        adapter.attach(model, "default", 0);
        float[] y = new float[base.outFeatures()];
        model.get(base.name()).forward(x, 0, y, 0);
        BaseWeights.finite(y, "the output (the weights overflow float range for this input)");
        return y;
    }
}
