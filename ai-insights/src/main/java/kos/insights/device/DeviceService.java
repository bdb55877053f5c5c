package kos.insights.device;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import kos.device.DeviceFeatures;
import kos.insights.ml.Mlp;
import kos.insights.ml.Pipeline;
import kos.insights.ml.TrainConfig;
import kos.insights.ml.Trainer;
import kos.ml.data.Dataset;
import kos.ml.registry.ModelVersion;
import kos.sim.KosException;

/**
 * The failure predictor's use cases for the shell: build a predictor (the vendor rules; XGBoost fitted
 * on the training seeds' rows, collected once per session; the MLP of the registry's {@code device}
 * model, or fitted on those rows when the registry has none), run a day under it with the responder,
 * keep the last run for {@code devctl status} and {@code health}, and evaluate.
 */
public final class DeviceService {
    public static final List<String> PREDICTORS = List.of("rules", "xgboost", "mlp");
    /** The MLP's training settings: the pipeline's defaults with 40 epochs, patience 6. */
    public static final TrainConfig MLP_CONFIG = new TrainConfig(40, 64, 0.003, 16, 6, 0.2, 1);

    private Dataset training;
    private Mlp mlp;
    private DeviceRunner.Outcome last;
    private String lastModel;

    public DeviceRunner.Outcome last() {
        return last;
    }

    /** The training rows (seeds {@link DeviceData#TRAIN_SEEDS}), collected once per session. */
    public Dataset training(BooleanSupplier interrupted) {
        if (training == null) {
            Dataset d = DeviceData.collect(DeviceData.TRAIN_SEEDS, interrupted);
            if (interrupted.getAsBoolean()) {
                throw new KosException("interrupted");
            }
            training = d;
        }
        return training;
    }

    /** The last predictor built: the rules, XGBoost fitted now, or the MLP's registry version or "trained now". */
    public String lastModel() {
        return lastModel;
    }

    /**
     * The MLP: registry version {@code version} of the model {@code device} in {@code modelsDir} (0: the
     * promoted, else the latest version); when the registry has none and {@code version} is 0, the MLP
     * trained here (as {@code ml train device} would, deterministic).
     */
    public Mlp mlp(Path modelsDir, int version, BooleanSupplier interrupted) {
        if (version < 0) {
            throw new KosException("--version must be a version number (1, 2, ...), got " + version);
        }
        Pipeline p = new Pipeline(modelsDir);
        if (version > 0 || p.registry().latest(DeviceData.NAME).isPresent()) {
            ModelVersion mv = p.resolve(DeviceData.NAME, version);
            Mlp m = p.load(mv);
            if (!m.features().equals(DeviceFeatures.NAMES)) {
                throw new KosException("device v" + mv.version() + " was trained on other features ("
                        + m.features().size() + " inputs, expected " + DeviceFeatures.NAMES.size()
                        + "); train a new version with 'ml collect device' and 'ml train device'");
            }
            lastModel = "device v" + mv.version();
            return m;
        }
        Mlp m = mlp(interrupted);
        lastModel = "mlp trained now on seeds 1..16";
        return m;
    }

    /** The MLP trained on the training rows with {@link #MLP_CONFIG} (deterministic), once per session. */
    public Mlp mlp(BooleanSupplier interrupted) {
        if (mlp == null) {
            Mlp m = Trainer.train(
                            training(interrupted),
                            MLP_CONFIG,
                            Mlp.Loss.LOGISTIC,
                            (x, p, y) -> (p[0] >= 0.5) == (y[0] >= 0.5) ? 1 : 0,
                            e -> {},
                            interrupted)
                    .model();
            if (interrupted.getAsBoolean()) {
                throw new KosException("interrupted");
            }
            mlp = m;
        }
        return mlp;
    }

    public DevicePredictor predictor(String name, Path modelsDir, int version, BooleanSupplier interrupted) {
        return switch (name) {
            case "rules" -> {
                lastModel = "vendor rules";
                yield new VendorRules();
            }
            case "xgboost" -> {
                lastModel = "xgboost fitted now on seeds 1..16";
                yield DevicePredictor.xgboost(training(interrupted));
            }
            case "mlp" -> DevicePredictor.mlp(mlp(modelsDir, version, interrupted));
            default ->
                throw new KosException("unknown predictor '" + name + "': expected " + String.join(", ", PREDICTORS));
        };
    }

    /** Runs seed {@code seed} for {@code minutes} under a predictor and the responder; remembered as the last run. */
    public DeviceRunner.Outcome run(
            long seed,
            int minutes,
            String predictor,
            String action,
            Path modelsDir,
            int version,
            BooleanSupplier interrupted) {
        DeviceResponder.Action a = DeviceResponder.parse(action);
        if (minutes < 1 || minutes > kos.device.DeviceMachine.RUN_MIN) {
            throw new KosException(
                    "--at must be within the simulated day (1 minute to 24h), got " + minutes + " minutes");
        }
        DevicePredictor p = predictor(predictor, modelsDir, version, interrupted);
        last = DeviceRunner.run(seed, minutes, p, new DeviceResponder(a), null);
        return last;
    }

    /** Every predictor on {@code seeds} (the MLP as {@link #mlp(Path, int, BooleanSupplier)} picks it). */
    public kos.insights.ml.EvalReport evaluate(
            List<Long> seeds, Path modelsDir, int version, BooleanSupplier interrupted) {
        return evaluate(seeds, modelsDir, version, interrupted, (done, total) -> {});
    }

    /** As {@link #evaluate(List, Path, int, BooleanSupplier)}, with {@code progress} told (runs done, total) after every run. */
    public kos.insights.ml.EvalReport evaluate(
            List<Long> seeds,
            Path modelsDir,
            int version,
            BooleanSupplier interrupted,
            java.util.function.BiConsumer<Integer, Integer> progress) {
        List<DevicePredictor> ps = PREDICTORS.stream()
                .map(n -> predictor(n, modelsDir, version, interrupted))
                .toList();
        return DeviceEval.evaluate(ps, seeds, interrupted, progress);
    }
}
