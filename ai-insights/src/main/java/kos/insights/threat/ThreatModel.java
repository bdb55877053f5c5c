package kos.insights.threat;

import java.util.List;
import java.util.function.BooleanSupplier;
import kos.insights.ml.EvalReport;
import kos.insights.ml.MlModel;
import kos.insights.ml.Mlp;
import kos.insights.ml.TrainConfig;
import kos.ml.data.Dataset;
import kos.threat.TaskFeatures;
import kos.threat.ThreatScenarios;

/**
 * The threat detector in the training pipeline ({@code ml collect | train | eval threat}): one row
 * per live task per 100 ms observation of the training scenarios, its {@link TaskFeatures}, labelled
 * 1 when the task belongs to the attack (the generator's role, used as the label only). A fork bomb
 * has hundreds of tasks: each observation keeps at most {@link #HOSTILE_ROWS_PER_OBSERVATION} of the
 * attack's rows (evenly spaced in pid order) so one attack does not drown the others.
 */
public final class ThreatModel implements MlModel {
    public static final String NAME = "threat";
    public static final int HOSTILE_ROWS_PER_OBSERVATION = 8;
    public static final List<Long> TRAIN_SEEDS = List.of(1L, 2L, 3L, 4L, 9L, 10L, 11L, 12L);
    public static final List<Long> EVAL_SEEDS = List.of(101L, 102L, 103L, 104L, 105L);
    /**
     * The features the learned models read: every {@link TaskFeatures#NAMES} name but {@code
     * sleep_before_tick_share}, which names one sleep slot (the last before the tick, the training
     * cheater's): session 6's MLP leaned on it and missed every cheater sleeping at half a tick. The rules
     * read the full row.
     */
    public static final List<String> FEATURES = TaskFeatures.NAMES.stream()
            .filter(f -> !f.equals("sleep_before_tick_share"))
            .toList();

    private static final int[] INDEX =
            FEATURES.stream().mapToInt(TaskFeatures.NAMES::indexOf).toArray();

    /** A full {@link TaskFeatures} row reduced to {@link #FEATURES}. */
    public static double[] project(double[] full) {
        if (full.length != TaskFeatures.NAMES.size()) {
            throw new IllegalArgumentException(
                    "expected a row of " + TaskFeatures.NAMES.size() + " task features, got " + full.length);
        }
        double[] x = new double[INDEX.length];
        for (int i = 0; i < INDEX.length; i++) {
            double v = full[INDEX[i]];
            x[i] = Math.signum(v) * Math.log1p(Math.abs(v));
        }
        return x;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "hostile-task detector: per-task behaviour -> P(hostile) (issue 21)";
    }

    @Override
    public Mlp.Loss loss() {
        return Mlp.Loss.LOGISTIC;
    }

    @Override
    public List<String> features() {
        return FEATURES;
    }

    @Override
    public List<String> labels() {
        return List.of("hostile");
    }

    @Override
    public TrainConfig defaults() {
        return new TrainConfig(120, 64, 0.003, 32, 15, 0.2, 1);
    }

    @Override
    public List<String> scenarios() {
        return ThreatScenarios.TRAINING;
    }

    @Override
    public List<String> evalScenarios() {
        return ThreatScenarios.all();
    }

    @Override
    public List<Long> trainSeeds() {
        return TRAIN_SEEDS;
    }

    @Override
    public List<Long> evalSeeds() {
        return EVAL_SEEDS;
    }

    @Override
    public Dataset collect(List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted) {
        return collect(scenarios, seeds, interrupted, ThreatRunner.OBSERVE_NS);
    }

    /** As {@link #collect(List, List, BooleanSupplier)}, one row per live task per observation every {@code observeNs}. */
    public Dataset collect(List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted, long observeNs) {
        Dataset d = new Dataset(NAME, features(), labels());
        for (String sc : scenarios) {
            for (long seed : seeds) {
                if (interrupted.getAsBoolean()) {
                    return d;
                }
                String group = sc + "/" + seed;
                ThreatRunner.run(
                        sc,
                        seed,
                        true,
                        null,
                        null,
                        rows -> {
                            long hostile = rows.stream()
                                    .filter(r -> r.task().hostile())
                                    .count();
                            long stride = Math.max(
                                    1, (hostile + HOSTILE_ROWS_PER_OBSERVATION - 1) / HOSTILE_ROWS_PER_OBSERVATION);
                            int h = 0;
                            for (TaskFeatures.Row r : rows) {
                                if (r.task().hostile() && h++ % stride != 0) {
                                    continue;
                                }
                                d.add(group, project(r.x()), new double[] {
                                    r.task().hostile() ? 1 : 0
                                });
                            }
                        },
                        observeNs);
            }
        }
        return d;
    }

    @Override
    public double accuracy(double[] x, double[] predicted, double[] label) {
        return (predicted[0] >= 0.5) == (label[0] >= 0.5) ? 1 : 0;
    }

    @Override
    public EvalReport evaluate(Mlp model, List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted) {
        return ThreatEval.evaluate(
                ThreatEval.detectors(model, collect(scenarios(), trainSeeds(), interrupted)),
                scenarios,
                seeds,
                interrupted);
    }

    @Override
    public double[] pairedScores(Mlp model, List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted) {
        MlpDetector det = new MlpDetector(model);
        double[] s = new double[scenarios.size() * seeds.size()];
        int i = 0;
        for (String sc : scenarios) {
            for (long seed : seeds) {
                ThreatRunner.Outcome o = ThreatRunner.run(sc, seed, true, det, null, null);
                boolean caught = o.attackNs() < 0 || (o.detected() && o.timeToDetectionNs() <= 1_000_000_000L);
                s[i++] = (caught ? 1 : 0) - (double) o.benignFlagged() / Math.max(1, o.benignSeen());
            }
        }
        return s;
    }

    @Override
    public String scoreName() {
        return "attack caught within 1 s (1/0) minus the share of benign tasks flagged";
    }
}
