package kos.ml.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import kos.sim.AtomicFiles;
import kos.sim.KosException;

/**
 * Versioned models under {@code MODELS/registry/}: {@code MODEL/v1/}, {@code MODEL/v2/}, ... each
 * holding its files and a {@code version.json} ({@link ModelVersion}), and {@code MODEL/promoted.json}
 * naming the version in use.
 *
 * <p>Every save is a new version, published atomically ({@link ConfinedDir#publishDirectory}); a
 * version is never modified or replaced. Two concurrent saves get different numbers. Loads read at
 * most {@link #MAX_FILE_BYTES} per file, never through a symbolic link, and check each file's
 * SHA-256 against the manifest, so a truncated or edited version fails with one clear line.
 */
public final class ModelRegistry {
    /** The sub-directory of the models directory holding the registry. */
    public static final String DIR = "registry";

    public static final String MANIFEST = "version.json";
    public static final String PROMOTED = "promoted.json";
    public static final long MAX_FILE_BYTES = 64L << 20;
    private static final long MAX_MANIFEST_BYTES = 1L << 20;

    /** The content of {@code promoted.json}. */
    public record Promotion(String model, int version, String when) {}

    private final ConfinedDir root;
    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The registry inside models directory {@code modelsDir}. */
    public ModelRegistry(Path modelsDir) {
        this.root = new ConfinedDir(modelsDir).sub("registry", DIR);
    }

    public Path root() {
        return root.root();
    }

    /** The models that have at least one version, sorted by name. */
    public List<String> models() {
        return root.directories().stream().filter(m -> !versions(m).isEmpty()).toList();
    }

    /** The versions of {@code model}, oldest first; empty if it has none. */
    public List<ModelVersion> versions(String model) {
        ConfinedDir dir = root.sub("model", model);
        List<ModelVersion> out = new ArrayList<>();
        for (String d : dir.directories()) {
            int v = parseVersion(d);
            if (v > 0) {
                out.add(readManifest(dir, model, v));
            }
        }
        out.sort((a, b) -> Integer.compare(a.version(), b.version()));
        return out;
    }

    /** Version {@code v} of {@code model}; a KosException listing what exists if there is none. */
    public ModelVersion version(String model, int v) {
        ConfinedDir dir = root.sub("model", model);
        Path p = dir.resolve("version", ModelVersion.dirName(v));
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            List<ModelVersion> all = versions(model);
            throw new KosException(
                    all.isEmpty()
                            ? "no model named '" + model + "' in " + root.root() + " ('ml models' lists them)"
                            : "model '" + model + "' has no version " + v + " (versions: "
                                    + String.join(
                                            ", ",
                                            all.stream()
                                                    .map(x -> Integer.toString(x.version()))
                                                    .toList()) + ")");
        }
        return readManifest(dir, model, v);
    }

    /** The newest version of {@code model}, if any. */
    public Optional<ModelVersion> latest(String model) {
        List<ModelVersion> all = versions(model);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Saves {@code files} as the next version of {@code model}. The version number, creation time
     * and file hashes of {@code meta} are filled in here; its other fields are kept.
     */
    public ModelVersion save(ModelVersion meta, Map<String, byte[]> files) {
        ConfinedDir.checkName("model", meta.model());
        if (files.isEmpty()) {
            throw new KosException("a model version needs at least one file");
        }
        Map<String, String> hashes = new TreeMap<>();
        files.forEach((name, bytes) -> {
            ConfinedDir.checkName("file", name);
            if (name.equals(MANIFEST)) {
                throw new KosException("a model file may not be called " + MANIFEST);
            }
            hashes.put(name, sha256(bytes));
        });
        ConfinedDir dir = root.sub("model", meta.model());
        for (int attempt = 0; attempt < 1000; attempt++) {
            int v = versions(meta.model()).stream()
                            .mapToInt(ModelVersion::version)
                            .max()
                            .orElse(0)
                    + 1;
            ModelVersion mv = new ModelVersion(
                    meta.model(),
                    v,
                    meta.parent(),
                    Instant.now().toString(),
                    meta.source(),
                    meta.dataHash(),
                    meta.params(),
                    meta.metrics(),
                    hashes);
            Map<String, byte[]> all = new TreeMap<>(files);
            all.put(MANIFEST, toJson(mv));
            if (dir.publishDirectory(mv.dirName(), all)) {
                return mv;
            }
        }
        throw new KosException("cannot save a new version of '" + meta.model() + "': too many concurrent saves");
    }

    /** Reads one file of a version, checked against the manifest's hash. */
    public byte[] read(String model, int v, String file) {
        ModelVersion mv = version(model, v);
        String want = mv.files().get(file);
        if (want == null) {
            throw new KosException("version " + v + " of '" + model + "' has no file " + file + " (files: "
                    + String.join(", ", mv.files().keySet()) + ")");
        }
        byte[] b = root.sub("model", model).sub("version", mv.dirName()).readBounded(file, MAX_FILE_BYTES);
        if (!sha256(b).equals(want)) {
            throw new KosException("version " + v + " of '" + model + "' is corrupted: " + file
                    + " does not match its recorded SHA-256");
        }
        return b;
    }

    /**
     * The bytes of {@code file} in the promoted version of {@code model}, checked against its hash;
     * empty when nothing is promoted (the caller then uses its built-in weights). This is how a
     * model's loader picks up {@code ml promote}.
     */
    public Optional<byte[]> promotedFile(String model, String file) {
        if (!Files.isDirectory(root.root().resolve(model), LinkOption.NOFOLLOW_LINKS)) {
            ConfinedDir.checkName("model", model);
            return Optional.empty();
        }
        return promoted(model).map(v -> read(model, v.version(), file));
    }

    /**
     * The models directory every simulation loads promoted models from: {@code -Dkos.models} if set,
     * else {@code ~/.kos/models} (the same rule as the LoRA adapters' directory).
     */
    public static Path standardDir() {
        String p = System.getProperty("kos.models");
        return p != null && !p.isBlank()
                ? Path.of(p).toAbsolutePath().normalize()
                : Path.of(System.getProperty("user.home"), ".kos", "models");
    }

    /** The registry of {@link #standardDir()}. */
    public static ModelRegistry standard() {
        return new ModelRegistry(standardDir());
    }

    /**
     * Withdraws the promotion of {@code model}, so its loader goes back to the weights shipped in
     * the build; false if nothing was promoted. The versions are kept.
     */
    public boolean unpromote(String model) {
        ConfinedDir.checkName("model", model);
        if (!Files.isDirectory(root.root().resolve(model), LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path file = root.sub("model", model).resolve("file", PROMOTED);
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new KosException("cannot withdraw the promotion of '" + model + "': " + e.getMessage());
        }
    }

    /**
     * The promoted version of {@code model} with {@code file} turned into weights by {@code parse}
     * (given the bytes and a name for messages), or empty when nothing is promoted. Versions never
     * change, so the parsed weights are cached per JVM by registry, version and the file's hash.
     */
    public <T> Optional<T> promotedWeights(String model, String file, BiFunction<byte[], String, T> parse) {
        if (!Files.isDirectory(root.root().resolve(ConfinedDir.checkName("model", model)), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return promoted(model).map(v -> {
            String hash = v.files().get(file);
            if (hash == null) {
                throw new KosException("the promoted version " + v.version() + " of '" + model + "' has no file " + file
                        + " ('ml promote " + model + " none' goes back to the shipped weights)");
            }
            String key = root.root() + "/" + model + "/" + v.version() + "/" + file + "/" + hash;
            Object w = PARSED.computeIfAbsent(
                    key,
                    k -> parse.apply(read(model, v.version(), file), model + " v" + v.version() + " (" + file + ")"));
            @SuppressWarnings("unchecked")
            T t = (T) w;
            return t;
        });
    }

    private static final ConcurrentHashMap<String, Object> PARSED = new ConcurrentHashMap<>();

    /** Makes version {@code v} the one in use (it must exist). */
    public Promotion promote(String model, int v) {
        version(model, v);
        Promotion p = new Promotion(model, v, Instant.now().toString());
        Path file = root.sub("model", model).resolve("file", PROMOTED);
        AtomicFiles.write(file, toJson(p));
        return p;
    }

    /** The promoted version of {@code model}, if one was promoted and still exists. */
    public Optional<ModelVersion> promoted(String model) {
        ConfinedDir dir = root.sub("model", model);
        Path f = dir.resolve("file", PROMOTED);
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Promotion p;
        try {
            p = json.readValue(dir.readBounded(PROMOTED, MAX_MANIFEST_BYTES), Promotion.class);
        } catch (IOException e) {
            throw new KosException(
                    f + " is corrupted: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (p == null || !model.equals(p.model()) || p.version() <= 0) {
            throw new KosException(f + " is corrupted: it does not name a version of " + model);
        }
        return Optional.of(version(model, p.version()));
    }

    private ModelVersion readManifest(ConfinedDir modelDir, String model, int v) {
        ConfinedDir vdir = modelDir.sub("version", ModelVersion.dirName(v));
        ModelVersion mv;
        try {
            mv = json.readValue(vdir.readBounded(MANIFEST, MAX_MANIFEST_BYTES), ModelVersion.class);
        } catch (IOException e) {
            throw new KosException(vdir.root() + "/" + MANIFEST + " is corrupted: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (mv == null || !model.equals(mv.model()) || mv.version() != v) {
            throw new KosException(vdir.root() + "/" + MANIFEST + " is corrupted: it names another model or version");
        }
        return mv;
    }

    static int parseVersion(String dir) {
        if (dir.length() < 2 || dir.length() > 10 || dir.charAt(0) != 'v') {
            return -1;
        }
        for (int i = 1; i < dir.length(); i++) {
            if (!Character.isDigit(dir.charAt(i))) {
                return -1;
            }
        }
        long v = Long.parseLong(dir.substring(1));
        return v > 0 && v <= Integer.MAX_VALUE && dir.equals("v" + v) ? (int) v : -1;
    }

    private byte[] toJson(Object o) {
        try {
            return json.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of {@code bytes} as 64 lower-case hex digits. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
