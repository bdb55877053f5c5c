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
import kos.sim.AtomicFiles;
import kos.sim.KosException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
public record PeftAdapter(AdapterConfig config, SortedMap<String, ModuleWeights> modules, SortedMap<String, String> metadata) {
    /** The dropout stream of a wrapped layer: the seed given to {@link #attach} (docs/architecture.md, seed table). */
    static final SeedStream DROPOUT = SeedStream.given("lora.dropout");

    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    public static final String CONFIG_FILE = "adapter_config.json";
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
    public static PeftAdapter of(Map<String, LoraLinear> layers, String adapterName, AdapterConfig config, Map<String, String> kosMetadata) {
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
            throw new KosException("the adapter has no module '" + name + "' (modules: " + String.join(", ", modules.keySet()) + ")");
        }
        return w;
    }

    // ---------------------------------------------------------------- files

    /** Writes the two files into {@code dir} (created if needed), each atomically, weights first. */
    public void save(Path dir) {
        TreeMap<String, Tensor> tensors = new TreeMap<>();
        for (Map.Entry<String, ModuleWeights> e : modules.entrySet()) {
            ModuleWeights w = e.getValue();
            tensors.put(PREFIX + e.getKey() + A_SUFFIX, Tensor.f32(w.loraA(), w.r(), w.in()));
            tensors.put(PREFIX + e.getKey() + B_SUFFIX, Tensor.f32(w.loraB(), w.out(), w.r()));
        }
        Safetensors.write(dir.resolve(WEIGHTS_FILE), tensors, metadata);
        try {
            AtomicFiles.write(dir.resolve(CONFIG_FILE), JSON.writeValueAsBytes(config.toJson(JSON)));
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialise adapter_config.json", e);
        }
    }

    /** Reads and checks an adapter directory. */
    public static PeftAdapter load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new KosException(dir + ": no such adapter directory");
        }
        Path cfgFile = dir.resolve(CONFIG_FILE);
        Path weights = dir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(cfgFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new KosException(dir + ": no " + CONFIG_FILE + " (not a PEFT adapter directory)");
        }
        if (!Files.isRegularFile(weights, LinkOption.NOFOLLOW_LINKS)) {
            String hint = Files.exists(dir.resolve("adapter_model.bin"))
                    ? " (adapter_model.bin is a pickle file, which kos does not read; save with safe_serialization=True)" : "";
            throw new KosException(dir + ": no " + WEIGHTS_FILE + hint);
        }
        AdapterConfig config;
        try {
            if (Files.size(cfgFile) > MAX_CONFIG) {
                throw new KosException(cfgFile + ": larger than " + MAX_CONFIG + " bytes");
            }
            config = AdapterConfig.fromJson(JSON.readTree(Files.readAllBytes(cfgFile)), cfgFile.toString());
        } catch (JacksonException e) {
            throw new KosException(cfgFile + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new KosException("cannot read " + cfgFile + ": " + e.getMessage(), e);
        }
        SafetensorsFile f = Safetensors.read(weights);
        return new PeftAdapter(config, modules(f, config, weights.toString()), f.metadata());
    }

    private static SortedMap<String, ModuleWeights> modules(SafetensorsFile f, AdapterConfig config, String source) {
        TreeMap<String, Tensor> as = new TreeMap<>(), bs = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : f.tensors().entrySet()) {
            String key = e.getKey();
            if (key.startsWith(PREFIX) && key.endsWith(A_SUFFIX) && key.length() > PREFIX.length() + A_SUFFIX.length()) {
                as.put(key.substring(PREFIX.length(), key.length() - A_SUFFIX.length()), e.getValue());
            } else if (key.startsWith(PREFIX) && key.endsWith(B_SUFFIX) && key.length() > PREFIX.length() + B_SUFFIX.length()) {
                bs.put(key.substring(PREFIX.length(), key.length() - B_SUFFIX.length()), e.getValue());
            } else {
                throw new KosException(source + ": unexpected tensor '" + key + "' (a LoRA adapter holds "
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
                throw new KosException(source + ": module " + module + ": lora_A " + a.shapeText() + " and lora_B " + b.shapeText() + " must be matrices");
            }
            int r = a.shape()[0], in = a.shape()[1], out = b.shape()[0];
            if (b.shape()[1] != r) {
                throw new KosException(source + ": module " + module + ": lora_A " + a.shapeText() + " and lora_B " + b.shapeText() + " disagree on the rank");
            }
            if (r != config.r()) {
                throw new KosException(source + ": module " + module + " has rank " + r + " but adapter_config.json says r = " + config.r());
            }
            if (in == 0 || out == 0) {
                throw new KosException(source + ": module " + module + " has an empty dimension");
            }
            m.put(module, new ModuleWeights(r, in, out, a.data(), b.data(), a.dtype()));
        }
        if (!bs.isEmpty()) {
            throw new KosException(source + ": module " + bs.firstKey() + " has lora_B but no lora_A");
        }
        return m;
    }

    // ---------------------------------------------------------------- layers

    /** The layer adapter for {@code module}, named {@code adapterName}, checked against {@code in x out}. */
    public LoraAdapter adapterFor(String module, String adapterName, int in, int out) {
        ModuleWeights w = module(module);
        if (w.in() != in || w.out() != out) {
            throw new KosException("adapter module " + module + " has lora_A [" + w.r() + ", " + w.in() + "] and lora_B ["
                    + w.out() + ", " + w.r() + "], which do not fit a layer of " + in + " inputs and " + out + " outputs");
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
                throw new KosException("module " + module + " is a " + l.getClass().getSimpleName() + ", which LoRA cannot wrap");
            }
            if (l instanceof LoraLinear ll && ll.adapters().containsKey(adapterName)) {
                throw new KosException("module " + module + " already has an adapter named " + adapterName);
            }
            built.put(module, adapterFor(module, adapterName, l.inFeatures(), l.outFeatures()));
        }
        for (Map.Entry<String, LoraAdapter> e : built.entrySet()) {
            LinearLayer now = model.replace(e.getKey(), l -> l instanceof LoraLinear ll ? ll : new LoraLinear((Linear) l, DROPOUT.seed(seed)));
            ((LoraLinear) now).addAdapter(e.getValue());
        }
    }
}
