package kos.shell.app;

import java.util.Map;
import kos.ml.registry.ModelRegistry;
import kos.ml.registry.ModelVersion;

/** Saving weights made outside {@code ml train} (an import, a crash-predictor fit) as a registry version. */
public final class ModelVersions {
    private ModelVersions() {}

    /**
     * Saves {@code bytes} as file {@code file} of the next version of {@code model}, its parent the
     * promoted version, else the latest (0 for the first).
     */
    public static ModelVersion save(
            ModelRegistry registry,
            String model,
            String file,
            byte[] bytes,
            String source,
            String dataHash,
            Map<String, String> params,
            Map<String, Double> metrics) {
        int parent = registry.promoted(model)
                .or(() -> registry.latest(model))
                .map(ModelVersion::version)
                .orElse(0);
        return registry.save(
                new ModelVersion(model, 0, parent, null, source, dataHash, params, metrics, null), Map.of(file, bytes));
    }
}
