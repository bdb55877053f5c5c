package kos.llm.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import kos.llm.backend.Backend;
import kos.llm.backend.Calibration;
import kos.llm.backend.EmbeddedBackend;
import kos.llm.eval.EvalCorpus.Question;
import kos.sim.KosException;

/**
 * Fits the embedded backend's {@link Calibration} on the corpus's <b>training</b> questions only
 * (playbook wording; the paraphrases and the fresh held-out set are never read).
 *
 * <ol>
 *   <li>Weights: each pair of {@link #KIND_WEIGHTS} x {@link #SITUATION_WEIGHTS} is tried; the one with the
 *       most actionable training questions wins, ties to fewer wrong answers, then the earlier pair.
 *   <li>Confidence: a logistic regression from (similarity, margin, kind probability) to "the answer
 *       was actionable", full-batch gradient descent, {@value #EPOCHS} epochs, in a fixed order.
 *   <li>Threshold: the confidence below which abstaining gains most on the training questions, where
 *       an actionable answer counts +1 and a wrong one (an allowed command the question does not
 *       accept) -1; ties go to the lower threshold.
 * </ol>
 */
public final class CalibrationFit {
    static final double[] KIND_WEIGHTS = {0, 0.2, 0.4, 0.7, 1.0};
    static final double[] SITUATION_WEIGHTS = {0.05, 0.1, 0.2};
    static final int EPOCHS = 4000;
    static final double STEP = 1.0;
    static final double L2 = 1e-3;

    private CalibrationFit() {}

    /** One kind weight tried. */
    public record Trial(double kindWeight, double situationWeight, int actionable, int wrong) {}

    /**
     * @param brier  mean squared error of the fitted confidence on the training answers (lower is better)
     * @param before actionable / wrong on the training questions with the chosen weight, never abstaining
     * @param after  the same with the fitted threshold
     */
    public record Result(
            Calibration calibration,
            int questions,
            List<Trial> trials,
            double headTrainingAccuracy,
            double brier,
            Trial before,
            Trial after) {}

    public static Result fit(
            EvalCorpus corpus, EmbeddedBackend base, LiveSystem.Factory factory, Consumer<String> progress) {
        List<Question> training = corpus.questions().stream()
                .filter(q -> q.set().equals("training"))
                .toList();
        if (training.isEmpty()) {
            throw new KosException("the corpus has no training questions to fit on");
        }
        EvalCorpus train = new EvalCorpus(corpus.about(), corpus.scenarios(), training, List.of());
        EvalRunner.Options opt = new EvalRunner.Options(0, true, false);
        List<Trial> trials = new ArrayList<>();
        Trial best = null;
        List<EvalRunner.Row> bestRows = null;
        for (double w : KIND_WEIGHTS) {
            for (double sw : SITUATION_WEIGHTS) {
                EvalRunner.Report r = EvalRunner.run(
                        train, base.withCalibration(Calibration.NONE.withWeights(w, sw)), factory, opt, p -> {});
                Trial t = new Trial(w, sw, r.all().actionable(), r.all().wrong());
                trials.add(t);
                progress.accept(String.format(
                        Locale.ROOT,
                        "kind weight %.2f, situation weight %.2f: %d actionable, %d wrong",
                        w,
                        sw,
                        t.actionable(),
                        t.wrong()));
                if (best == null
                        || t.actionable() > best.actionable()
                        || t.actionable() == best.actionable() && t.wrong() < best.wrong()) {
                    best = t;
                    bestRows = r.rows();
                }
            }
        }
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>(), gain = new ArrayList<>();
        for (EvalRunner.Row row : bestRows) {
            Backend.Signals s = row.signals();
            if (s == null) {
                continue;
            }
            x.add(new double[] {s.similarity(), s.margin(), s.kindProbability()});
            y.add(row.actionable() ? 1 : 0);
            gain.add(row.actionable() ? 1 : row.allowed().isEmpty() ? 0 : -1);
        }
        double[] w = logistic(x, y);
        Calibration c = new Calibration(
                "fitted by 'llmctl calibrate' on the corpus's training questions only (playbook wording); "
                        + "confidence = logistic(intercept + c0 similarity + c1 margin + c2 kind probability)",
                best.kindWeight(),
                best.situationWeight(),
                round(w[0]),
                List.of(round(w[1]), round(w[2]), round(w[3])),
                0,
                training.size() + " training questions");
        double[] conf = new double[x.size()];
        double brier = 0;
        for (int i = 0; i < conf.length; i++) {
            double[] f = x.get(i);
            conf[i] = Math.round(c.confidence(f[0], f[1], f[2]) * 10_000) / 10_000.0;
            brier += (conf[i] - y.get(i)) * (conf[i] - y.get(i));
        }
        double threshold = 0;
        int bestGain = Integer.MIN_VALUE;
        List<Double> candidates = new ArrayList<>(List.of(0.0));
        for (double v : conf) {
            candidates.add(v);
        }
        candidates.sort(Double::compare);
        for (double t : candidates) {
            int g = 0;
            for (int i = 0; i < conf.length; i++) {
                g += conf[i] >= t ? gain.get(i) : 0;
            }
            if (g > bestGain) {
                bestGain = g;
                threshold = t;
            }
        }
        Calibration fitted = new Calibration(
                c.about(),
                c.kindWeight(),
                c.situationWeight(),
                c.intercept(),
                c.coefficients(),
                threshold,
                c.fittedOn());
        int act = 0, wrong = 0;
        for (int i = 0; i < conf.length; i++) {
            if (!fitted.abstains(conf[i])) {
                act += y.get(i);
                wrong += gain.get(i) < 0 ? 1 : 0;
            }
        }
        return new Result(
                fitted,
                training.size(),
                trials,
                base.head().trainingAccuracy(),
                conf.length == 0 ? 0 : brier / conf.length,
                best,
                new Trial(best.kindWeight(), best.situationWeight(), act, wrong));
    }

    /** Logistic regression by full-batch gradient descent; returns intercept then one weight per feature. */
    static double[] logistic(List<double[]> x, List<Integer> y) {
        int d = x.isEmpty() ? 3 : x.getFirst().length, n = x.size();
        double[] w = new double[d + 1];
        if (n == 0) {
            return w;
        }
        double[] g = new double[d + 1];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            Arrays.fill(g, 0);
            for (int i = 0; i < n; i++) {
                double[] f = x.get(i);
                double z = w[0];
                for (int j = 0; j < d; j++) {
                    z += w[j + 1] * f[j];
                }
                double err = 1 / (1 + StrictMath.exp(-z)) - y.get(i);
                g[0] += err;
                for (int j = 0; j < d; j++) {
                    g[j + 1] += err * f[j];
                }
            }
            for (int j = 0; j <= d; j++) {
                w[j] -= STEP * (g[j] / n + (j > 0 ? L2 * w[j] : 0));
            }
        }
        return w;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
