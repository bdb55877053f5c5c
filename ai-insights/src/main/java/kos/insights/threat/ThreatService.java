package kos.insights.threat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import kos.insights.ml.Mlp;
import kos.insights.ml.Pipeline;
import kos.ml.data.Dataset;
import kos.ml.registry.ModelVersion;
import kos.sim.KosException;
import kos.threat.ThreatScenarios;

/**
 * The threat detector's use cases for the shell: build a detector (the rules; XGBoost or the MLP
 * fitted on the training seeds' rows, or the MLP of a registry version), run one scenario under it
 * with the responder, keep the last run for {@code status} and {@code history}, and evaluate.
 */
public final class ThreatService {
    public static final List<String> DETECTORS = List.of("rules", "xgboost", "mlp");

    private Dataset training;
    private ThreatRunner.Outcome last;
    private String lastAction;
    private String lastModel;

    /** The last run, or null. */
    public ThreatRunner.Outcome last() {
        return last;
    }

    public String lastAction() {
        return lastAction;
    }

    /** Which model the last run used ("rules", "xgboost (fitted on seeds ...)", "threat v3", ...). */
    public String lastModel() {
        return lastModel;
    }

    /** The training rows (scenarios {@link ThreatScenarios#TRAINING}, seeds 1-4 and 9-12), collected once per session. */
    public Dataset training(BooleanSupplier interrupted) {
        if (training == null) {
            ThreatModel tm = new ThreatModel();
            Dataset d = tm.collect(tm.scenarios(), tm.trainSeeds(), interrupted);
            if (interrupted.getAsBoolean()) {
                throw new KosException("interrupted");
            }
            training = d;
        }
        return training;
    }

    /**
     * The MLP of registry version {@code version} (0: promoted, else latest) when the registry has
     * one, else (version 0 only) the shipped one ({@link ShippedThreatModel}), else one trained now on
     * the training rows (the same weights as the shipped one when it is current).
     */
    public Mlp mlp(Path modelsDir, int version, BooleanSupplier interrupted) {
        if (version < 0) {
            throw new KosException("--version must be a version number (1, 2, ...), got " + version);
        }
        Pipeline p = new Pipeline(modelsDir);
        if (version > 0 || p.registry().latest(ThreatModel.NAME).isPresent()) {
            ModelVersion mv = p.resolve(ThreatModel.NAME, version);
            lastModel = "threat v" + mv.version();
            return p.load(mv);
        }
        var shipped = ShippedThreatModel.load();
        if (shipped.isPresent()) {
            lastModel = "shipped mlp (trained on seeds " + ThreatModel.TRAIN_SEEDS + ")";
            return shipped.get();
        }
        Dataset rows = training(interrupted);
        Mlp m = ThreatEval.trainMlp(rows, interrupted);
        if (interrupted.getAsBoolean()) {
            throw new KosException("interrupted");
        }
        lastModel = "mlp trained now on seeds " + ThreatModel.TRAIN_SEEDS;
        return m;
    }

    public ThreatDetector detector(String name, Path modelsDir, int version, BooleanSupplier interrupted) {
        return switch (name) {
            case "rules" -> {
                lastModel = "operator rules";
                yield new ThresholdRules();
            }
            case "xgboost" -> {
                Dataset rows = training(interrupted);
                if (interrupted.getAsBoolean()) {
                    throw new KosException("interrupted");
                }
                lastModel = "xgboost fitted now on seeds " + ThreatModel.TRAIN_SEEDS;
                yield XgbDetector.fitTasks(rows);
            }
            case "mlp" -> new MlpDetector(mlp(modelsDir, version, interrupted));
            default ->
                throw new KosException("unknown detector '" + name + "': expected " + String.join(", ", DETECTORS));
        };
    }

    /** Runs {@code scenario} on {@code seed} under a detector and the responder; remembered as the last run. */
    public ThreatRunner.Outcome run(
            String scenario,
            long seed,
            String detector,
            String action,
            Set<String> protectedNames,
            Path modelsDir,
            int version,
            BooleanSupplier interrupted) {
        ThreatScenarios.check(scenario);
        ThreatResponder.Action a = ThreatResponder.parse(action);
        ThreatDetector d = detector(detector, modelsDir, version, interrupted);
        ThreatRunner.Outcome o =
                ThreatRunner.run(scenario, seed, true, d, new ThreatResponder(a, protectedNames), null);
        last = o;
        lastAction = a.name().toLowerCase(java.util.Locale.ROOT);
        return o;
    }
}
