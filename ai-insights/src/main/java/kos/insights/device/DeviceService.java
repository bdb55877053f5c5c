package kos.insights.device;

import java.util.List;
import java.util.function.BooleanSupplier;
import kos.insights.ml.Mlp;
import kos.insights.ml.TrainConfig;
import kos.insights.ml.Trainer;
import kos.ml.data.Dataset;
import kos.sim.KosException;

/**
 * The failure predictor's use cases for the shell: build a predictor (the vendor rules; XGBoost or
 * the MLP fitted on the training seeds' rows, collected once per session), run a day under it with
 * the responder, keep the last run for {@code devctl status} and {@code health}, and evaluate.
 */
public final class DeviceService {
    public static final List<String> PREDICTORS = List.of("rules", "xgboost", "mlp");
    /** The MLP's training settings: the pipeline's defaults with 40 epochs, patience 6. */
    public static final TrainConfig MLP_CONFIG = new TrainConfig(40, 64, 0.003, 16, 6, 0.2, 1);

    private Dataset training;
    private Mlp mlp;
    private DeviceRunner.Outcome last;

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

    public DevicePredictor predictor(String name, BooleanSupplier interrupted) {
        return switch (name) {
            case "rules" -> new VendorRules();
            case "xgboost" -> DevicePredictor.xgboost(training(interrupted));
            case "mlp" -> DevicePredictor.mlp(mlp(interrupted));
            default ->
                throw new KosException("unknown predictor '" + name + "': expected " + String.join(", ", PREDICTORS));
        };
    }

    /** Runs seed {@code seed} for {@code minutes} under a predictor and the responder; remembered as the last run. */
    public DeviceRunner.Outcome run(
            long seed, int minutes, String predictor, String action, BooleanSupplier interrupted) {
        DeviceResponder.Action a = DeviceResponder.parse(action);
        if (minutes < 1 || minutes > kos.device.DeviceMachine.RUN_MIN) {
            throw new KosException(
                    "--at must be within the simulated day (1 minute to 24h), got " + minutes + " minutes");
        }
        DevicePredictor p = predictor(predictor, interrupted);
        last = DeviceRunner.run(seed, minutes, p, new DeviceResponder(a), null);
        return last;
    }

    /** Every predictor on {@code seeds}. */
    public kos.insights.ml.EvalReport evaluate(List<Long> seeds, BooleanSupplier interrupted) {
        List<DevicePredictor> ps =
                PREDICTORS.stream().map(n -> predictor(n, interrupted)).toList();
        return DeviceEval.evaluate(ps, seeds, interrupted);
    }
}
