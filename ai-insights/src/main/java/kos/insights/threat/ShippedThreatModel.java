package kos.insights.threat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import kos.insights.ml.Mlp;
import kos.sim.KosException;

/**
 * The threat MLP shipped with kos ({@value #RESOURCE} beside this class), used when the model registry
 * has no {@code threat} version: trained by {@code threatctl fit --out} on the training scenarios and
 * seeds only ({@link ThreatModel#TRAIN_SEEDS}), so {@code threatctl run} and {@code ./kos demo} do not
 * train. Training is deterministic: {@link #train} gives the same weights, byte for byte, on any machine
 * ({@code threatctl fit --check} compares).
 */
public final class ShippedThreatModel {
    /** The resource holding the weights, in the registry's model.json format. */
    public static final String RESOURCE = "threat-model.json";
    /** The path of the shipped file in the source tree (where {@code threatctl fit --out} writes it). */
    public static final String SOURCE_PATH = "ai-insights/src/main/resources/kos/insights/threat/" + RESOURCE;

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ShippedThreatModel() {}

    /** The shipped weights' bytes, or empty when this build has none. */
    public static Optional<byte[]> bytes() {
        try (InputStream in = ShippedThreatModel.class.getResourceAsStream(RESOURCE)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new KosException("cannot read the shipped threat model: " + e.getMessage());
        }
    }

    /**
     * The shipped MLP, or empty when this build has none or it was trained on other features than
     * {@link ThreatModel#FEATURES} (then it is not used, and the MLP is trained as before).
     */
    public static Optional<Mlp> load() {
        return bytes().map(b -> parse(b, RESOURCE)).filter(m -> m.features().equals(ThreatModel.FEATURES));
    }

    /** Parses weights in the registry's model.json format; a KosException naming {@code source} if they are not. */
    public static Mlp parse(byte[] bytes, String source) {
        try {
            return Mlp.of(JSON.readValue(bytes, Mlp.Weights.class));
        } catch (IOException e) {
            throw new KosException(source + " is not threat model weights: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Serialises a model's weights as the shipped file (and the registry) holds them. */
    public static byte[] toBytes(Mlp m) {
        try {
            return JSON.writeValueAsBytes(m.weights());
        } catch (IOException e) {
            throw new KosException("cannot serialise the threat model: " + e.getMessage());
        }
    }

    /** Collects the training rows and trains the MLP as {@code threatctl eval} always did (deterministic). */
    public static Mlp train(BooleanSupplier interrupted) {
        ThreatModel tm = new ThreatModel();
        var rows = tm.collect(tm.scenarios(), tm.trainSeeds(), interrupted);
        if (interrupted.getAsBoolean()) {
            throw new KosException("interrupted: nothing trained");
        }
        Mlp m = ThreatEval.trainMlp(rows, interrupted);
        if (interrupted.getAsBoolean()) { // a model trained part of the way is neither written nor compared
            throw new KosException("interrupted: nothing trained");
        }
        return m;
    }
}
