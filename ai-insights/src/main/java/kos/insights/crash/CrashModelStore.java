package kos.insights.crash;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import kos.ml.registry.ModelRegistry;
import kos.sim.KosException;

/**
 * Where kos's crash predictor gets its weights: the version of {@value #MODEL} promoted in the
 * model registry ({@code ml promote crash-predictor V}), else the models shipped in this build
 * ({@link KosPredictor.Models#shipped()}). {@code crashctl fit} saves its fits as registry versions.
 */
public final class CrashModelStore {
    /** The model's name in the registry. */
    public static final String MODEL = "crash-predictor";
    /** The file a version holds. */
    public static final String FILE = "kos-predictor-model.json";

    private CrashModelStore() {}

    /** The weights in use with the standard models directory ({@code -Dkos.models}, else ~/.kos/models). */
    public static KosPredictor.Models inUse() {
        return inUse(ModelRegistry.standard());
    }

    /** The promoted version of {@code registry}, else the shipped models. */
    public static KosPredictor.Models inUse(ModelRegistry registry) {
        return promoted(registry).orElseGet(KosPredictor.Models::shipped);
    }

    /** The promoted version's models, parsed and checked, or empty when none is promoted. */
    public static Optional<KosPredictor.Models> promoted(ModelRegistry registry) {
        return registry.promotedWeights(MODEL, FILE, CrashModelStore::parse);
    }

    /**
     * Parses crash-predictor weights; a KosException naming {@code source} if they are not JSON of
     * the three models or were fitted on other features than {@link CrashFeatures#NAMES}.
     */
    public static KosPredictor.Models parse(byte[] bytes, String source) {
        KosPredictor.Models m;
        try {
            m = new ObjectMapper().readValue(bytes, KosPredictor.Models.class);
        } catch (IOException e) {
            throw new KosException(source + " is not crash-predictor weights: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (m == null || m.lackOfMemory() == null || m.fragmentation() == null || m.pageCachePressure() == null) {
            throw new KosException(source + " is not crash-predictor weights: a cause's model is missing");
        }
        if (!m.matchesFeatures()) {
            throw new KosException(source + " cannot be used: it was fitted on other features than the current "
                    + "crash features (refit with 'crashctl fit')");
        }
        return m;
    }
}
