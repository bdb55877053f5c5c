package kos.attn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import kos.ml.registry.ModelRegistry;
import kos.nn.Safetensors;
import kos.nn.SafetensorsFile;
import kos.sim.KosException;
import kos.sim.SeedStream;

/**
 * Where a new model's weights come from: the pretrained default shipped as the class-path
 * resource {@value #RESOURCE} (see docs/attention-scheduler.md for the command that trains it),
 * a fresh seeded initialisation, or a safetensors file.
 */
public final class DefaultWeights {
    /**
     * The initial weights: the policy's {@code seed} parameter itself, which the online learner also
     * uses ({@link OnlineLearner#SAMPLE}); kept, the shipped weights and measured results rely on it.
     */
    static final SeedStream INIT = SeedStream.given("attn.init");

    public static final String RESOURCE = "/kos/attn/default.safetensors";

    private static final class Holder {
        static final Optional<SafetensorsFile> DEFAULT = read();

        private static Optional<SafetensorsFile> read() {
            try (InputStream in = DefaultWeights.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    return Optional.empty();
                }
                return Optional.of(Safetensors.parse(in.readAllBytes(), RESOURCE));
            } catch (IOException e) {
                throw new KosException("cannot read " + RESOURCE + ": " + e.getMessage());
            }
        }
    }

    private DefaultWeights() {}

    /** The shipped pretrained weights, if this build has them. */
    public static Optional<SafetensorsFile> shipped() {
        return Holder.DEFAULT;
    }

    /** The attention scheduler's name in the model registry, and the file a version holds. */
    public static final String MODEL = "attention", FILE = "weights.safetensors";

    /** Weights and where they came from (for messages and {@code schedctl} output). */
    public record Source(SafetensorsFile file, String name) {}

    /**
     * The weights "default" means: the version of {@value #MODEL} promoted in the model registry of
     * the standard models directory ({@code ml promote attention V}), else the shipped ones; empty
     * when neither exists.
     */
    public static Optional<Source> inUse() {
        Optional<Source> promoted = ModelRegistry.standard()
                .promotedWeights(MODEL, FILE, (bytes, name) -> new Source(Safetensors.parse(bytes, name), name));
        return promoted.isPresent() ? promoted : shipped().map(f -> new Source(f, "the shipped default weights"));
    }

    /**
     * A model with weights per {@code spec}: "default" ({@link #inUse()}, or the seeded init if there
     * are none), "random", or a file path.
     */
    public static AttentionModel create(kos.simd.FloatKernels k, String spec, long seed) {
        AttentionModel m = new AttentionModel(k, AttentionModel.DEFAULT_D_MODEL, INIT.random(seed));
        switch (spec) {
            case "default" -> inUse().ifPresent(w -> m.load(w.file(), w.name()));
            case "random" -> {}
            default -> {
                Path p = Path.of(spec);
                m.load(Safetensors.read(p), spec);
            }
        }
        return m;
    }
}
