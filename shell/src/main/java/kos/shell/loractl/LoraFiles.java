package kos.shell.loractl;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kos.lora.peft.ModelsDir;
import kos.lora.peft.PeftAdapter;
import kos.nn.Linear;
import kos.nn.Safetensors;
import kos.nn.SafetensorsFile;
import kos.nn.Tensor;
import kos.sim.KosException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files loractl reads besides adapters: base weights and input vectors. */
final class LoraFiles {
    private LoraFiles() {
    }

    /**
     * The base layer of {@code module} from a safetensors file: the tensor {@code <module>.weight}
     * ({@code [out, in]}, or {@code [in, out]} when {@code fanInFanOut}, as GPT-2's Conv1D stores it),
     * or the file's only tensor; {@code <module>.bias} if present.
     */
    static Linear loadBase(Path file, String module, boolean fanInFanOut) {
        SafetensorsFile f = Safetensors.read(file);
        Tensor w = f.tensors().get(module + ".weight");
        if (w == null) {
            if (f.tensors().size() != 1) {
                throw new KosException(file + " has no tensor '" + module + ".weight' and more than one tensor (tensors: "
                        + String.join(", ", f.tensors().keySet()) + "); name the module with --module");
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
                throw new KosException(file + ": " + module + ".bias has " + b.data().length + " values but the weight has " + out + " rows");
            }
            bias = b.data();
        }
        return new Linear(module, in, out, weight, bias);
    }

    /** A vector from a file holding one JSON array of numbers. */
    static float[] readVector(Path file, ObjectMapper json) {
        JsonNode n;
        try {
            if (!Files.isRegularFile(file)) {
                throw new KosException(file + ": no such file");
            }
            if (Files.size(file) > (64L << 20)) {
                throw new KosException(file + ": larger than 64 MiB");
            }
            n = json.readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw new KosException(file + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new KosException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw new KosException(file + ": expected a JSON array of numbers, e.g. [0.5, -1, 2]");
        }
        float[] v = new float[n.size()];
        for (int i = 0; i < v.length; i++) {
            if (!n.get(i).isNumber() || !Float.isFinite(n.get(i).floatValue())) {
                throw new KosException(file + ": element " + i + " is not a finite number");
            }
            v[i] = n.get(i).floatValue();
        }
        return v;
    }

    /** An adapter given as a directory path, or else as a name in the models directory. */
    static Path adapterDir(String given, ModelsDir models) {
        Path p = Path.of(given);
        if (Files.isDirectory(p) && Files.exists(p.resolve(PeftAdapter.CONFIG_FILE))) {
            return p;
        }
        if (Files.isDirectory(p)) {
            throw new KosException(p + " is not an adapter directory (no " + PeftAdapter.CONFIG_FILE + ")");
        }
        if (given.contains("/") || given.contains("\\")) {
            throw new KosException(given + ": no such adapter directory");
        }
        return models.existing(given);
    }
}
