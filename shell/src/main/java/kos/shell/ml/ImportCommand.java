package kos.shell.ml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import kos.attn.DefaultWeights;
import kos.insights.crash.CrashModelStore;
import kos.insights.crash.KosPredictor;
import kos.ml.registry.ModelRegistry;
import kos.ml.registry.ModelVersion;
import kos.nn.Safetensors;
import kos.shell.app.ModelVersions;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ml import}: stores the weights of kos's other models (the crash predictor's fitted JSON,
 * the attention scheduler's safetensors) as a new registry version, after checking they load.
 */
@Command(
        name = "import",
        description = {
            "Save the crash predictor's or the attention scheduler's weights as a registry version.",
            "crash-predictor: the JSON of 'crashctl fit'; attention: safetensors of 'schedctl transformer",
            "save|train'; both checked to load first. Without FILE: the weights shipped in this build."
        })
final class ImportCommand extends RegistryCommand {
    static final String CRASH = CrashModelStore.MODEL, ATTENTION = DefaultWeights.MODEL;
    static final String CRASH_FILE = CrashModelStore.FILE, ATTENTION_FILE = DefaultWeights.FILE;

    @Parameters(index = "0", paramLabel = "MODEL", description = "crash-predictor or attention.")
    String model;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "FILE",
            description = "The weights (default: the shipped ones).")
    Path file;

    @Override
    public void run() {
        byte[] bytes = file != null ? readFile(file) : shipped(model);
        String name = validated(bytes);
        ModelVersion v = ModelVersions.save(
                pipeline().registry(),
                model,
                name,
                bytes,
                "ml import " + model + (file != null ? " " + file : " (shipped)"),
                ModelRegistry.sha256(bytes),
                Map.of(),
                Map.of());
        print(
                v,
                () -> "saved " + model + " v" + v.version() + " (" + bytes.length + " bytes, " + name
                        + "); 'ml promote " + model + " " + v.version() + "' makes it the version in use");
    }

    /** Parses the weights as the model's format (a bad file is rejected here) and names the file it is saved as. */
    private String validated(byte[] bytes) {
        return switch (model) {
            case CRASH -> {
                CrashModelStore.parse(bytes, file != null ? file.toString() : "the shipped crash predictor");
                yield CRASH_FILE;
            }
            case ATTENTION -> {
                Safetensors.parse(bytes, file != null ? file.toString() : DefaultWeights.RESOURCE);
                yield ATTENTION_FILE;
            }
            default ->
                throw new KosException("cannot import '" + model + "': expected crash-predictor or attention "
                        + "(the pipeline's own models are saved by 'ml train')");
        };
    }

    private static byte[] readFile(Path f) {
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            throw new KosException(f + " is missing or not a regular file");
        }
        try {
            if (Files.size(f) > ModelRegistry.MAX_FILE_BYTES) {
                throw new KosException(f + " is larger than " + ModelRegistry.MAX_FILE_BYTES + " bytes: refused");
            }
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new KosException("cannot read " + f + ": " + e.getMessage());
        }
    }

    private static byte[] shipped(String model) {
        String resource = switch (model) {
            case CRASH -> "/kos/insights/crash/" + CRASH_FILE;
            case ATTENTION -> DefaultWeights.RESOURCE;
            default -> throw new KosException("cannot import '" + model + "': expected crash-predictor or attention");
        };
        Class<?> anchor = model.equals(CRASH) ? KosPredictor.class : DefaultWeights.class;
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new KosException("this build ships no " + model + " weights: give a FILE");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new KosException("cannot read the shipped " + model + " weights: " + e.getMessage());
        }
    }
}
