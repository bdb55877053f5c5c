package kos.shell.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kos.insights.ml.MlModels;
import kos.insights.ml.Pipeline;
import kos.ml.registry.ModelRegistry;
import kos.ml.registry.ModelVersion;
import kos.shell.TextTable;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ml models}. */
@Command(
        name = "models",
        description = {
            "List the trainable models and every version in the registry.",
            "Each version with its metrics, data hash and parent; '*' marks the promoted version."
        })
final class ModelsCommand extends RegistryCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "Only this model.")
    String only;

    record VersionView(
            String model,
            int version,
            boolean promoted,
            int parent,
            String created,
            String dataHash,
            Map<String, Double> metrics,
            Map<String, String> params,
            String source) {}

    /** The registry as listed: the trainable models and every stored version. */
    record View(String registry, List<Map<String, String>> trainable, List<VersionView> versions) {

        static View of(ModelRegistry reg, String only) {
            List<Map<String, String>> trainable = MlModels.all().stream()
                    .map(m -> Map.of("model", m.name(), "description", m.description()))
                    .toList();
            List<VersionView> versions = new ArrayList<>();
            for (String name : only != null ? List.of(only) : reg.models()) {
                int promoted = reg.promoted(name).map(ModelVersion::version).orElse(0);
                List<ModelVersion> vs = reg.versions(name);
                if (only != null && vs.isEmpty()) {
                    throw new KosException("no model named '" + name + "' in " + reg.root()
                            + " (trained or imported models: "
                            + (reg.models().isEmpty() ? "none" : String.join(", ", reg.models())) + ")");
                }
                for (ModelVersion v : vs) {
                    versions.add(new VersionView(
                            name,
                            v.version(),
                            v.version() == promoted,
                            v.parent(),
                            v.created(),
                            v.dataHash(),
                            v.metrics(),
                            v.params(),
                            v.source()));
                }
            }
            return new View(reg.root().toString(), trainable, versions);
        }

        String render() {
            TextTable t = new TextTable("model", "version", "parent", "created", "data", "key metrics");
            for (VersionView v : versions) {
                t.row(
                        v.model(),
                        (v.promoted() ? "*" : "") + "v" + v.version(),
                        v.parent() == 0 ? "-" : "v" + v.parent(),
                        v.created().length() >= 19
                                ? v.created().substring(0, 19).replace('T', ' ')
                                : v.created(),
                        v.dataHash().isEmpty()
                                ? "-"
                                : v.dataHash()
                                        .substring(0, Math.min(12, v.dataHash().length())),
                        keyMetrics(v.metrics()));
            }
            return "trainable: "
                    + String.join(
                            ", ", trainable.stream().map(m -> m.get("model")).toList()) + "\n"
                    + "registry: " + registry + "\n"
                    + (versions.isEmpty() ? "no versions yet (ml train MODEL, or ml import)" : t.toString());
        }

        /**
         * A trained version's validation metrics; a version saved otherwise (crashctl fit: runs,
         * samples, positives) shows the metrics it has, up to four.
         */
        private static String keyMetrics(Map<String, Double> metrics) {
            List<String> trained = List.of("val_accuracy", "val_loss", "best_epoch", "epochs_run");
            List<String> keys = trained.stream().anyMatch(metrics::containsKey)
                    ? trained
                    : metrics.keySet().stream().sorted().limit(4).toList();
            StringBuilder met = new StringBuilder();
            for (String k : keys) {
                Double x = metrics.get(k);
                if (x != null) {
                    met.append(k).append('=').append(format(k, x)).append(' ');
                }
            }
            return met.toString().trim();
        }

        private static String format(String key, double x) {
            if (key.endsWith("accuracy")) {
                return Pipeline.pct(x);
            }
            return x == Math.rint(x) ? String.format(Locale.ROOT, "%.0f", x) : String.format(Locale.ROOT, "%.4g", x);
        }
    }

    @Override
    public void run() {
        View view = View.of(pipeline().registry(), only);
        print(view, view::render);
    }
}
