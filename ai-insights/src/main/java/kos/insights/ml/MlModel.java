package kos.insights.ml;

import java.util.List;
import java.util.function.BooleanSupplier;
import kos.ml.data.Dataset;

/**
 * A model the pipeline can collect data for, train, evaluate and compare ({@code ml collect | train
 * | eval | ab}). Each implementation owns its scenarios (what simulations to run), its features and
 * labels (from the trace only), its accuracy definition and its baselines; the pipeline owns the
 * dataset format, the training loop and the registry.
 */
public interface MlModel {
    /** The registry name, e.g. {@code workload}. */
    String name();

    /** One line for {@code ml models}. */
    String description();

    Mlp.Loss loss();

    /** Feature names, in the order of a dataset's columns. */
    List<String> features();

    List<String> labels();

    TrainConfig defaults();

    /** The scenarios it knows, and those used when none are given. */
    List<String> scenarios();

    /**
     * The scenarios {@code ml eval} and {@code ml ab} use when none are given: the training ones and
     * possibly variants never trained on (held-out generators).
     */
    default List<String> evalScenarios() {
        return scenarios();
    }

    /**
     * Further scenarios {@code ml collect} accepts when named (extra training generators), used by
     * no command by default.
     */
    default List<String> extraScenarios() {
        return List.of();
    }

    /** Seeds to collect training data from when none are given. */
    List<Long> trainSeeds();

    /** Held-out seeds for evaluation and A/B when none are given (disjoint from {@link #trainSeeds()}). */
    List<Long> evalSeeds();

    /** Runs the scenarios on the seeds and returns their samples. */
    Dataset collect(List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted);

    /** The per-row accuracy used in training progress (1 right, 0 wrong). */
    double accuracy(double[] x, double[] predicted, double[] label);

    /** Evaluates a trained model against the baselines on held-out runs. */
    EvalReport evaluate(Mlp model, List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted);

    /**
     * One score per (scenario, seed) pair in order (higher is better), for paired comparisons of
     * two versions on the same runs.
     */
    double[] pairedScores(Mlp model, List<String> scenarios, List<Long> seeds, BooleanSupplier interrupted);

    /** What {@link #pairedScores} measures, e.g. "share of forecasts within 10%". */
    String scoreName();
}
