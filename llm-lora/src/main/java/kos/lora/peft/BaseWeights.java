package kos.lora.peft;

import java.nio.file.Path;
import kos.nn.Linear;
import kos.nn.Safetensors;
import kos.nn.SafetensorsFile;
import kos.nn.Tensor;
import kos.sim.KosException;
import kos.sim.SafeText;

/** Base weights for an adapter: one module's linear layer read from a safetensors file, finite or refused. */
public final class BaseWeights {
    private BaseWeights() {}

    /**
     * The base layer of {@code module} from a safetensors file: the tensor {@code <module>.weight}
     * ({@code [out, in]}, or {@code [in, out]} when {@code fanInFanOut}, as GPT-2's Conv1D stores it),
     * or the file's only tensor; {@code <module>.bias} if present.
     */
    public static Linear loadBase(Path file, String module, boolean fanInFanOut) {
        return loadBase(Safetensors.read(file), SafeText.quote(file.toString()), module, fanInFanOut);
    }

    /** As {@link #loadBase(Path, String, boolean)}, from a file already read; {@code file} names it in messages. */
    public static Linear loadBase(SafetensorsFile f, String file, String module, boolean fanInFanOut) {
        Tensor w = f.tensors().get(module + ".weight");
        if (w == null) {
            if (f.tensors().size() != 1) {
                throw new KosException(file + " has no tensor '" + SafeText.quote(module)
                        + ".weight' and more than one tensor (tensors: "
                        + SafeText.names(f.tensors().keySet()) + "); name the module with --module");
            }
            w = f.tensors().values().iterator().next();
        }
        if (w.rank() != 2 || w.shape()[0] == 0 || w.shape()[1] == 0) {
            throw new KosException(file + ": the base weight " + w.shapeText() + " is not a non-empty matrix");
        }
        int out = w.shape()[0], in = w.shape()[1];
        float[] weight = w.data();
        if (fanInFanOut) {
            int rows = out;
            out = in;
            in = rows;
            weight = new float[w.data().length];
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    weight[o * in + i] = w.data()[i * out + o];
                }
            }
        }
        Tensor b = f.tensors().get(module + ".bias");
        float[] bias = null;
        if (b != null) {
            if (b.data().length != out) {
                throw new KosException(file + ": " + SafeText.quote(module) + ".bias has " + b.data().length
                        + " values but the weight has " + out + " rows");
            }
            bias = b.data();
        }
        finite(weight, file + ": the base weight");
        if (bias != null) {
            finite(bias, file + ": the base bias");
        }
        return new Linear(module, in, out, weight, bias);
    }

    /** Refuses values holding NaN or an infinity. */
    public static void finite(float[] v, String what) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new KosException(
                        what + " holds " + v[i] + " at index " + i + "; refused (values must be finite numbers)");
            }
        }
    }
}
