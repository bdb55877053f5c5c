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
import kos.sim.SafeText;
import kos.sim.io.DirHandle;
import kos.sim.io.JsonErrors;
import kos.sim.io.Names;

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
        return loadBase(Safetensors.read(file), SafeText.quote(file.toString()), module, fanInFanOut);
    }

    /** As {@link #loadBase(Path, String, boolean)}, from a file already read; {@code file} names it in messages. */
    static Linear loadBase(SafetensorsFile f, String file, String module, boolean fanInFanOut) {
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
    static void finite(float[] v, String what) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new KosException(what + " holds " + v[i] + " at index " + i
                        + "; refused (values must be finite numbers)");
            }
        }
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
            throw new KosException(SafeText.quote(file.toString()) + ": not valid JSON: " + JsonErrors.describe(e));
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

    /**
     * An adapter opened by handle: its directory (given as a path, or else as a name in the models
     * directory, never through a link), the adapter, and its files read without following links.
     */
    record Opened(Path dir, DirHandle handle, PeftAdapter adapter) implements AutoCloseable {
        /** The adapter's own base weights, or a clear error if it carries none. */
        SafetensorsFile ownBase(String given) {
            if (handle.kind(PeftAdapter.BASE_FILE) == DirHandle.Kind.ABSENT) {
                throw new KosException("adapter " + SafeText.quote(given) + " carries no " + PeftAdapter.BASE_FILE
                        + "; give the base weights with --base FILE");
            }
            return Safetensors.read(handle, PeftAdapter.BASE_FILE);
        }

        @Override
        public void close() {
            handle.close();
        }
    }

    static Opened open(String given, ModelsDir models) {
        if (given.indexOf('\0') >= 0) {
            ModelsDir.checkName(given); // one clear error for a NUL, which no path may hold
        }
        Path p = Path.of(given);
        DirHandle h;
        boolean path = given.contains("/") || given.contains("\\") || given.equals(".") || given.equals("..");
        if (path || !models.exists(given) && Files.isDirectory(p)) {
            if (!Files.isDirectory(p)) {
                throw new KosException(SafeText.quote(given) + ": no such adapter directory");
            }
            h = DirHandle.open(p);
        } else {
            h = models.open(given);
            p = models.root().resolve(given);
        }
        try {
            return new Opened(p, h, PeftAdapter.load(h));
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
    }
}
