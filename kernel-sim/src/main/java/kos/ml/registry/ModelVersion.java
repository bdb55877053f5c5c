package kos.ml.registry;

import java.util.Map;
import java.util.TreeMap;

/**
 * One saved version of a model, as recorded in its {@code version.json}.
 *
 * @param model    the model's name, such as {@code workload-cpu}
 * @param version  1, 2, ... in the order versions were saved
 * @param parent   the version this one was trained from or replaces, 0 for none
 * @param created  when it was saved (ISO-8601 wall-clock instant; informational only)
 * @param source   what made it, e.g. the command line
 * @param dataHash SHA-256 (hex) of the training data, or "" when not trained here (imported)
 * @param params   training parameters (seed, epochs, learning rate, ...)
 * @param metrics  measured results (validation loss, accuracy, ...)
 * @param files    the version's files and their SHA-256 (hex), checked on every load
 */
public record ModelVersion(
        String model,
        int version,
        int parent,
        String created,
        String source,
        String dataHash,
        Map<String, String> params,
        Map<String, Double> metrics,
        Map<String, String> files) {
    public ModelVersion {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(params));
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
        files = files == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(files));
        source = source == null ? "" : source;
        dataHash = dataHash == null ? "" : dataHash;
        created = created == null ? "" : created;
    }

    /** The version's directory name: {@code v<version>}. */
    public String dirName() {
        return dirName(version);
    }

    public static String dirName(int version) {
        return "v" + version;
    }
}
