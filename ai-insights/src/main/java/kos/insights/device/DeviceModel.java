package kos.insights.device;

import java.util.List;
import java.util.function.BooleanSupplier;
import kos.device.DeviceFeatures;
import kos.device.DeviceMachine;
import kos.insights.ml.EvalReport;
import kos.insights.ml.MlModel;
import kos.insights.ml.Mlp;
import kos.insights.ml.TrainConfig;
import kos.ml.data.Dataset;
import kos.sim.KosException;

/**
 * The failure predictor in the training pipeline ({@code ml collect | train | eval device}): the rows
 * of {@link DeviceData} (one scenario, {@code day}: the storage machine's day), evaluated with
 * {@link DeviceEval} against the vendor rules and XGBoost fitted on the training seeds.
 */
public final class DeviceModel implements MlModel {
    public static final String SCENARIO = "day";

    @Override
    public String name() {
        return DeviceData.NAME;
    }

    @Override
    public String description() {
        return "device-failure predictor: SMART-style counters -> P(fails within 2 h) (issue 21)";
    }

    @Override
    public Mlp.Loss loss() {
        return Mlp.Loss.LOGISTIC;
    }

    @Override
    public List<String> features() {
        return DeviceFeatures.NAMES;
    }

    @Override
    public List<String> labels() {
        return List.of("fails_within_2h");
    }

    @Override
    public TrainConfig defaults() {
        return DeviceService.MLP_CONFIG;
    }

    @Override
    public List<String> scenarios() {
        return List.of(SCENARIO);
    }

    @Override
    public List<Long> trainSeeds() {
        return DeviceData.TRAIN_SEEDS;
    }

    @Override
    public List<Long> evalSeeds() {
        return DeviceData.EVAL_SEEDS;
    }

    private static void check(List<String> scenarios) {
        for (String s : scenarios) {
            if (!s.equals(SCENARIO)) {
                throw new KosException("unknown device scenario '" + s + "': expected " + SCENARIO);
            }
        }
    }

    @Override
    public Dataset collect(List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted) {
        check(scenarios);
        return DeviceData.collect(seeds, interrupted);
    }

    @Override
    public double accuracy(double[] x, double[] predicted, double[] label) {
        return (predicted[0] >= 0.5) == (label[0] >= 0.5) ? 1 : 0;
    }

    @Override
    public EvalReport evaluate(Mlp model, List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted) {
        check(scenarios);
        return DeviceEval.evaluate(
                List.of(
                        new VendorRules(),
                        DevicePredictor.xgboost(DeviceData.collect(trainSeeds(), interrupted)),
                        DevicePredictor.mlp(model)),
                seeds,
                interrupted);
    }

    @Override
    public double[] pairedScores(Mlp model, List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted) {
        check(scenarios);
        DevicePredictor p = DevicePredictor.mlp(model);
        double[] s = new double[seeds.size()];
        for (int i = 0; i < s.length; i++) {
            DeviceRunner.Outcome o = DeviceRunner.run(seeds.get(i), DeviceMachine.RUN_MIN, p, null, null);
            int failing = 0, hit = 0, healthy = 0, alarmed = 0;
            for (int d = 0; d < o.modes().length; d++) {
                if (o.fails(d)) {
                    failing++;
                    hit += o.leadMin(d) >= DeviceEval.LEAD_GOAL_MIN ? 1 : 0;
                } else {
                    healthy++;
                    alarmed += o.alarmMin()[d] >= 0 ? 1 : 0;
                }
            }
            s[i] = (double) hit / Math.max(1, failing) - (double) alarmed / Math.max(1, healthy);
        }
        return s;
    }

    @Override
    public String scoreName() {
        return "failing devices alarmed >= 10 min ahead minus the share of healthy devices alarmed";
    }
}
