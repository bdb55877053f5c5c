package kos.insights.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import kos.ml.data.Dataset;
import kos.ml.registry.ConfinedDir;
import kos.ml.registry.ModelRegistry;
import kos.ml.registry.ModelVersion;
import kos.sim.KosException;

/**
 * The training pipeline over a models directory: collect a model's samples into a hashed dataset
 * ({@code MODELS/datasets/MODEL.csv} unless told otherwise), train a version from it into the
 * {@link ModelRegistry}, load a version, evaluate it, and compare two versions on paired runs.
 */
public final class Pipeline {
    /** The file a trained version keeps its weights in. */
    public static final String WEIGHTS = "model.json";

    /** What {@link #collect} wrote. */
    public record Collected(
            String model, Path file, int rows, String sha256, List<String> scenarios, List<Long> seeds) {}

    /** What {@link #train} saved. */
    public record Trained(ModelVersion version, Trainer.Result result) {}

    /** A paired comparison: mean score difference (b - a) with its 95% confidence interval. */
    public record AbResult(
            String model,
            int versionA,
            int versionB,
            String score,
            List<String> scenarios,
            List<Long> seeds,
            double[] a,
            double[] b,
            double meanA,
            double meanB,
            double meanDiff,
            double ciLow,
            double ciHigh) {
        public String verdict() {
            if (ciLow > 0) {
                return "v" + versionB + " is better";
            }
            if (ciHigh < 0) {
                return "v" + versionA + " is better";
            }
            return "no significant difference";
        }
    }

    private final Path modelsDir;
    private final ModelRegistry registry;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Pipeline(Path modelsDir) {
        this.modelsDir = modelsDir;
        this.registry = new ModelRegistry(modelsDir);
    }

    public ModelRegistry registry() {
        return registry;
    }

    /** The default dataset file of a model. */
    public Path datasetFile(String model) {
        return new ConfinedDir(modelsDir).sub("datasets", "datasets").resolve("dataset", model + ".csv");
    }

    public Collected collect(
            MlModel model, List<String> scenarios, List<Long> seeds, Path out, BooleanSupplier interrupted) {
        List<String> sc = scenarios.isEmpty() ? model.scenarios() : scenarios;
        List<Long> sd = seeds.isEmpty() ? model.trainSeeds() : seeds;
        checkScenarios(model, sc);
        Dataset d = model.collect(sc, sd, interrupted);
        if (interrupted.getAsBoolean()) {
            throw new KosException("interrupted: nothing written");
        }
        if (d.size() == 0) {
            throw new KosException("no samples collected: nothing written");
        }
        Path file = out;
        if (file == null) {
            // MODELS/datasets is kos's own directory: made here; a path the user names must already exist.
            new ConfinedDir(modelsDir).createSub("datasets");
            file = datasetFile(model.name());
        }
        String hash = d.write(file);
        return new Collected(model.name(), file, d.size(), hash, sc, sd);
    }

    /**
     * Trains a new version of {@code model} on a dataset and saves it. Its parent is the promoted
     * version, else the latest, else none.
     */
    public Trained train(
            MlModel model,
            Path data,
            TrainConfig cfg,
            String source,
            Consumer<EpochLog> progress,
            BooleanSupplier interrupted) {
        Path file = data != null ? data : datasetFile(model.name());
        Dataset d = Dataset.read(file);
        if (!d.features().equals(model.features()) || !d.labels().equals(model.labels())) {
            throw new KosException(file + " holds data for another model (" + d.model() + "): its features differ from "
                    + model.name() + "'s");
        }
        Trainer.Result r = Trainer.train(d, cfg, model.loss(), model::accuracy, progress, interrupted);
        if (interrupted.getAsBoolean()) {
            throw new KosException("interrupted: no version saved");
        }
        Map<String, String> params = new TreeMap<>();
        params.put("epochs", Integer.toString(cfg.epochs()));
        params.put("batch", Integer.toString(cfg.batch()));
        params.put("learning_rate", Double.toString(cfg.learningRate()));
        params.put("hidden", Integer.toString(cfg.hidden()));
        params.put("patience", Integer.toString(cfg.patience()));
        params.put("validation", Double.toString(cfg.validation()));
        params.put("seed", Long.toString(cfg.seed()));
        params.put("dataset", file.getFileName().toString());
        params.put("rows", Integer.toString(d.size()));
        Map<String, Double> metrics = new LinkedHashMap<>();
        EpochLog best = r.best();
        metrics.put("val_loss", best.valLoss());
        metrics.put("val_accuracy", best.valAccuracy());
        metrics.put("train_loss", best.trainLoss());
        metrics.put("best_epoch", (double) r.bestEpoch());
        metrics.put("epochs_run", (double) r.epochs().size());
        metrics.put("parameters", (double) r.model().parameterCount());
        int parent = registry.promoted(model.name())
                .or(() -> registry.latest(model.name()))
                .map(ModelVersion::version)
                .orElse(0);
        ModelVersion meta = new ModelVersion(model.name(), 0, parent, null, source, d.hash(), params, metrics, null);
        byte[] weights;
        try {
            weights = json.writeValueAsBytes(r.model().weights());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new Trained(registry.save(meta, Map.of(WEIGHTS, weights)), r);
    }

    /** Version {@code v} of a model, or (v <= 0) the promoted one, else the latest. */
    public ModelVersion resolve(String model, int v) {
        if (v > 0) {
            return registry.version(model, v);
        }
        Optional<ModelVersion> p = registry.promoted(model).or(() -> registry.latest(model));
        return p.orElseThrow(
                () -> new KosException("model '" + model + "' has no trained version (run 'ml train " + model + "')"));
    }

    /** Loads and validates the weights of a version. */
    public Mlp load(ModelVersion mv) {
        byte[] b = registry.read(mv.model(), mv.version(), WEIGHTS);
        try {
            return Mlp.of(json.readValue(b, Mlp.Weights.class));
        } catch (IOException e) {
            throw new KosException("version " + mv.version() + " of '" + mv.model() + "' is corrupted: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public EvalReport evaluate(
            MlModel model, int version, List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted) {
        ModelVersion mv = resolve(model.name(), version);
        Mlp m = load(mv);
        List<String> sc = scenarios.isEmpty() ? model.evalScenarios() : scenarios;
        checkScenarios(model, sc);
        List<Long> sd = seeds.isEmpty() ? model.evalSeeds() : seeds;
        EvalReport r = model.evaluate(m, sc, sd, interrupted);
        // undefined metrics (no prefetches to score, no points) become null: NaN is not JSON
        List<EvalReport.Row> rows = r.rows().stream()
                .map(row -> {
                    Map<String, Double> clean = new LinkedHashMap<>();
                    row.metrics().forEach((k, x) -> clean.put(k, x == null || x.isNaN() || x.isInfinite() ? null : x));
                    return new EvalReport.Row(row.scenario(), row.target(), row.method(), clean);
                })
                .toList();
        return new EvalReport(r.model(), mv.version(), r.seeds(), r.columns(), rows, r.goals());
    }

    public AbResult ab(
            MlModel model, int va, int vb, List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted) {
        ModelVersion a = registry.version(model.name(), va), b = registry.version(model.name(), vb);
        Mlp ma = load(a), mb = load(b);
        List<String> sc = scenarios.isEmpty() ? model.evalScenarios() : scenarios;
        checkScenarios(model, sc);
        List<Long> sd = seeds.isEmpty() ? model.evalSeeds() : seeds;
        if (sc.size() * sd.size() < 2) {
            throw new KosException(
                    "an A/B comparison needs at least 2 paired runs for its confidence interval: give more --seeds");
        }
        double[] sa = model.pairedScores(ma, sc, sd, interrupted), sb = model.pairedScores(mb, sc, sd, interrupted);
        int n = sa.length;
        double[] d = new double[n];
        double mean = 0, meanA = 0, meanB = 0;
        for (int i = 0; i < n; i++) {
            d[i] = sb[i] - sa[i];
            mean += d[i] / n;
            meanA += sa[i] / n;
            meanB += sb[i] / n;
        }
        double var = 0;
        for (double x : d) {
            var += (x - mean) * (x - mean);
        }
        double half = n > 1 ? tQuantile975(n - 1) * Math.sqrt(var / (n - 1) / n) : Double.POSITIVE_INFINITY;
        return new AbResult(
                model.name(), va, vb, model.scoreName(), sc, sd, sa, sb, meanA, meanB, mean, mean - half, mean + half);
    }

    /** The 97.5% quantile of Student's t with {@code df} degrees of freedom (two-sided 95%). */
    static double tQuantile975(int df) {
        double[] t = {
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
            2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042
        };
        return df <= t.length ? t[df - 1] : df <= 60 ? 2.000 : df <= 120 ? 1.980 : 1.960;
    }

    private static void checkScenarios(MlModel model, List<String> scenarios) {
        Set<String> known = new java.util.LinkedHashSet<>(model.scenarios());
        known.addAll(model.evalScenarios());
        known.addAll(model.extraScenarios());
        for (String s : scenarios) {
            if (!known.contains(s)) {
                throw new KosException("unknown scenario '" + s + "' for " + model.name() + ": expected one of "
                        + String.join(", ", known));
            }
        }
    }

    /** For reports: a percentage with one decimal. */
    public static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }
}
