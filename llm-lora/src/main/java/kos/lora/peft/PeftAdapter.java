package kos.lora.peft;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import kos.lora.layer.LoraAdapter;
import kos.lora.layer.LoraConfig;
import kos.lora.layer.LoraLinear;
import kos.nn.DType;
import kos.nn.Linear;
import kos.nn.LinearLayer;
import kos.nn.NamedLayers;
import kos.nn.Safetensors;
import kos.nn.SafetensorsFile;
import kos.nn.Tensor;
import kos.sim.KosException;
import kos.sim.SafeText;
import kos.sim.io.DirHandle;
import kos.sim.io.DirectoryStore;
import kos.sim.io.JsonErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import kos.sim.SeedStream;

/**
 * A LoRA adapter as PEFT saves it: a directory holding {@value #WEIGHTS_FILE}, with tensors
 * {@code base_model.model.<module>.lora_A.weight} {@code [r, in]} and
 * {@code base_model.model.<module>.lora_B.weight} {@code [out, r]}, and {@value #CONFIG_FILE}.
 * kos writes F32 and its own metadata ({@code kos.*} keys, plus {@code format = pt} as PEFT does)
 * in the safetensors {@code __metadata__}; it reads F32, F16 and BF16.
 *
 * @param config   the adapter configuration
 * @param modules  the weights by module name, sorted
 * @param metadata the safetensors {@code __metadata__}
 */
public record PeftAdapter(AdapterConfig config, SortedMap<String, ModuleWeights> modules,
                          SortedMap<String, String> metadata) {
    /** The dropout stream of a wrapped layer: the seed given to {@link #attach} (docs/architecture.md, seed table). */
    static final SeedStream DROPOUT = SeedStream.given("lora.dropout");

    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    public static final String CONFIG_FILE = "adapter_config.json";
    /** The base weights kos saves beside an adapter it trained on a base it created. */
    public static final String BASE_FILE = "base_model.safetensors";
    static final String PREFIX = "base_model.model.";
    static final String A_SUFFIX = ".lora_A.weight", B_SUFFIX = ".lora_B.weight";
    private static final long MAX_CONFIG = 1 << 20;
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /**
     * One module's pair, in PEFT's layout.
     *
     * @param loraA {@code [r, in]} row-major
     * @param loraB {@code [out, r]} row-major
     * @param dtype the stored type (F32 when kos wrote it)
     */
    public record ModuleWeights(int r, int in, int out, float[] loraA, float[] loraB, DType dtype) {
        public long parameterCount() {
            return (long) r * (in + out);
        }
    }

    public PeftAdapter {
        modules = new TreeMap<>(modules);
        metadata = new TreeMap<>(metadata);
    }

    /** Takes the named adapter of each given layer (module name to layer). */
    public static PeftAdapter of(Map<String, LoraLinear> layers, String adapterName, AdapterConfig config, Map<String,
            String> kosMetadata) {
        TreeMap<String, ModuleWeights> m = new TreeMap<>();
        for (Map.Entry<String, LoraLinear> e : layers.entrySet()) {
            LoraAdapter a = e.getValue().adapter(adapterName);
            m.put(e.getKey(), new ModuleWeights(a.rank(), a.in(), a.out(), a.loraA(), a.loraB(), DType.F32));
        }
        TreeMap<String, String> meta = new TreeMap<>(kosMetadata);
        meta.put("format", "pt");
        return new PeftAdapter(config, m, meta);
    }

    /** Total trainable parameters over all modules. */
    public long parameterCount() {
        return modules.values().stream().mapToLong(ModuleWeights::parameterCount).sum();
    }

    public ModuleWeights module(String name) {
        ModuleWeights w = modules.get(name);
        if (w == null) {
            throw new KosException("the adapter has no module '" + SafeText.quote(name) + "' (modules: "
                    + SafeText.names(modules.keySet()) + ")");
        }
        return w;
    }

    // ---------------------------------------------------------------- files

    /** The adapter's files by name: {@value #WEIGHTS_FILE} and {@value #CONFIG_FILE}. */
    public Map<String, byte[]> files() {
        TreeMap<String, Tensor> tensors = new TreeMap<>();
        for (Map.Entry<String, ModuleWeights> e : modules.entrySet()) {
            ModuleWeights w = e.getValue();
            tensors.put(PREFIX + e.getKey() + A_SUFFIX, Tensor.f32(w.loraA(), w.r(), w.in()));
            tensors.put(PREFIX + e.getKey() + B_SUFFIX, Tensor.f32(w.loraB(), w.out(), w.r()));
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(WEIGHTS_FILE, Safetensors.toBytes(tensors, metadata));
        try {
            files.put(CONFIG_FILE, JSON.writeValueAsBytes(config.toJson(JSON)));
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialise adapter_config.json", e);
        }
        return files;
    }

    /**
     * Writes the adapter as directory {@code dir}, replacing it atomically if it exists (see
     * {@link DirectoryStore}); {@code dir}'s parent must exist.
     */
    public void save(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        new DirectoryStore(abs.getParent(), "adapter", false).write(abs.getFileName().toString(), files(), true);
    }

    /** Whether the adapter says its base weights are the {@value #BASE_FILE} beside it. */
    public boolean carriesBase() {
        return BASE_FILE.equals(metadata.get("kos.base"));
    }

    /** Reads and checks an adapter directory (links inside it are never followed). */
    public static PeftAdapter load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new KosException(SafeText.quote(dir.toString()) + ": no such adapter directory");
        }
        try (DirHandle d = DirHandle.open(dir)) {
            return load(d);
        }
    }

    /** Reads and checks the adapter in an open directory, by handle. */
    public static PeftAdapter load(DirHandle d) {
        Path dir = d.path();
        if (d.kind(CONFIG_FILE) == DirHandle.Kind.ABSENT) {
            throw new KosException(SafeText.quote(dir.toString()) + ": no " + CONFIG_FILE
                    + " (not a PEFT adapter directory)");
        }
        if (d.kind(WEIGHTS_FILE) == DirHandle.Kind.ABSENT) {
            String hint = d.kind("adapter_model.bin") != DirHandle.Kind.ABSENT
                    ? " (adapter_model.bin is a pickle file, which kos does not read; save with safe_serialization=True)" : "";
            throw new KosException(SafeText.quote(dir.toString()) + ": no " + WEIGHTS_FILE + hint);
        }
        String cfgName = SafeText.quote(dir.resolve(CONFIG_FILE).toString());
        AdapterConfig config;
        try {
            config = AdapterConfig.fromJson(JSON.readTree(d.readFile(CONFIG_FILE, MAX_CONFIG)), cfgName);
        } catch (JacksonException e) {
            throw new KosException(cfgName + ": not valid JSON: " + JsonErrors.describe(e));
        } catch (IOException e) {
            throw new KosException("cannot read " + cfgName + ": " + SafeText.quote(String.valueOf(e.getMessage())), e);
        }
        SafetensorsFile f = Safetensors.read(d, WEIGHTS_FILE);
        return new PeftAdapter(config, modules(f, config, SafeText.quote(dir.resolve(WEIGHTS_FILE).toString())),
                f.metadata());
    }

    private static SortedMap<String, ModuleWeights> modules(SafetensorsFile f, AdapterConfig config, String source) {
        TreeMap<String, Tensor> as = new TreeMap<>(), bs = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : f.tensors().entrySet()) {
            String key = e.getKey();
            if (key.startsWith(PREFIX) && key.endsWith(A_SUFFIX) && key.length() > PREFIX.length()
                    + A_SUFFIX.length()) {
                as.put(key.substring(PREFIX.length(), key.length() - A_SUFFIX.length()), e.getValue());
            } else if (key.startsWith(PREFIX) && key.endsWith(B_SUFFIX) && key.length() > PREFIX.length()
                    + B_SUFFIX.length()) {
                bs.put(key.substring(PREFIX.length(), key.length() - B_SUFFIX.length()), e.getValue());
            } else {
                throw new KosException(source + ": unexpected tensor '" + SafeText.quote(key)
                        + "' (a LoRA adapter holds "
                        + PREFIX + "<module>" + A_SUFFIX + " and " + B_SUFFIX + " only)");
            }
        }
        if (as.isEmpty()) {
            throw new KosException(source + ": holds no LoRA tensors");
        }
        TreeMap<String, ModuleWeights> m = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : as.entrySet()) {
            String module = e.getKey();
            Tensor a = e.getValue(), b = bs.remove(module);
            if (b == null) {
                throw new KosException(source + ": module " + module + " has lora_A but no lora_B");
            }
            if (a.rank() != 2 || b.rank() != 2) {
                throw new KosException(source + ": module " + module + ": lora_A " + a.shapeText() + " and lora_B "
                        + b.shapeText() + " must be matrices");
            }
            int r = a.shape()[0], in = a.shape()[1], out = b.shape()[0];
            if (b.shape()[1] != r) {
                throw new KosException(source + ": module " + module + ": lora_A " + a.shapeText() + " and lora_B "
                        + b.shapeText() + " disagree on the rank");
            }
            if (r != config.r()) {
                throw new KosException(source + ": module " + module + " has rank " + r
                        + " but adapter_config.json says r = " + config.r());
            }
            if (in == 0 || out == 0) {
                throw new KosException(source + ": module " + module + " has an empty dimension");
            }
            finite(a.data(), source + ": module " + SafeText.quote(module) + " lora_A");
            finite(b.data(), source + ": module " + SafeText.quote(module) + " lora_B");
            m.put(module, new ModuleWeights(r, in, out, a.data(), b.data(), a.dtype()));
        }
        if (!bs.isEmpty()) {
            throw new KosException(source + ": module " + SafeText.quote(bs.firstKey()) + " has lora_B but no lora_A");
        }
        return m;
    }

    /** Refuses weights holding NaN or an infinity: they would make every output of the layer NaN. */
    static void finite(float[] v, String what) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new KosException(what + " holds " + v[i] + " at index " + i
                        + "; refused (weights must be finite numbers)");
            }
        }
    }

    // ---------------------------------------------------------------- layers

    /** The layer adapter for {@code module}, named {@code adapterName}, checked against {@code in x out}. */
    public LoraAdapter adapterFor(String module, String adapterName, int in, int out) {
        ModuleWeights w = module(module);
        if (w.in() != in || w.out() != out) {
            throw new KosException("adapter module " + module + " has lora_A [" + w.r() + ", " + w.in()
                    + "] and lora_B ["
                    + w.out() + ", " + w.r() + "], which do not fit a layer of " + in + " inputs and " + out
                    + " outputs");
        }
        LoraConfig c = config.loraConfig();
        return LoraAdapter.fromPeft(adapterName, in, out, c, w.loraA(), w.loraB());
    }

    /**
     * Attaches this adapter, as {@code adapterName}, to every module it holds in {@code model}:
     * a plain {@link Linear} is replaced by a {@link LoraLinear} wrapping it (dropout seeded with
     * {@code seed}); an existing LoraLinear gets one more adapter. Fails before changing anything if
     * a module is missing or of the wrong shape.
     */
    public void attach(NamedLayers model, String adapterName, long seed) {
        TreeMap<String, LoraAdapter> built = new TreeMap<>();
        for (String module : modules.keySet()) {
            LinearLayer l = model.get(module);
            if (!(l instanceof Linear) && !(l instanceof LoraLinear)) {
                throw new KosException("module " + SafeText.quote(module) + " is a " + l.getClass().getSimpleName()
                        + ", which LoRA cannot wrap");
            }
            if (l instanceof LoraLinear ll && ll.adapters().containsKey(adapterName)) {
                throw new KosException("module " + SafeText.quote(module) + " already has an adapter named "
                        + adapterName);
            }
            built.put(module, adapterFor(module, adapterName, l.inFeatures(), l.outFeatures()));
        }
        for (Map.Entry<String, LoraAdapter> e : built.entrySet()) {
            LinearLayer now = model.replace(e.getKey(), l -> l instanceof LoraLinear ll ? ll
                    : new LoraLinear((Linear) l, DROPOUT.seed(seed)));
            ((LoraLinear) now).addAdapter(e.getValue());
        }
    }
}
