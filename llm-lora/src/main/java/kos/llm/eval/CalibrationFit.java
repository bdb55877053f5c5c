package kos.llm.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import kos.llm.backend.Calibration;
import kos.llm.backend.EmbeddedBackend;
import kos.llm.backend.KindHead;
import kos.llm.eval.EvalCorpus.Question;
import kos.llm.state.StateSnapshot;
import kos.sim.KosException;

/**
 * Fits the embedded backend's {@link Calibration} on the corpus's <b>training</b> questions only
 * (playbook wording; the paraphrases and the held-out sets are never read).
 *
 * <ol>
 *   <li>Learned examples: each training question is labelled with the intent the older scorer
 *       (similarity + {@value #OLD_SITUATION} situation + {@value #OLD_KIND} kind) ranks highest among those
 *       whose command the question accepts in its scenario's snapshot, and may join that intent's examples.
 *   <li>Cross-validation: the training questions are split into {@value #FOLDS} folds (question i in fold
 *       i mod {@value #FOLDS}); each fold is scored by a backend that learned only the other folds, so
 *       every training question is scored as an unseen one.
 *   <li>Scorer: the weights of the {@link EmbeddedBackend#FEATURES features}, by a softmax over the intents
 *       (the likelihood of the intents the question accepts), full-batch gradient descent from the older
 *       scorer's weights on the cross-validated features, {@value #SCORER_EPOCHS} epochs, in a fixed order.
 *   <li>Choice: of (playbook only, older scorer), (learned, older scorer), (learned, fitted scorer) the one
 *       with the most cross-validated actionable answers wins; ties go to the lower cross-validated log loss
 *       ({@link #logLoss}), then the earlier.
 *   <li>Confidence: a logistic regression from (similarity, margin, kind probability) to "the answer was
 *       actionable" over the chosen one's cross-validated answers, {@value #EPOCHS} epochs; threshold: the
 *       confidence below which abstaining gains most (actionable +1, wrong -1; ties to the lower).
 * </ol>
 */
public final class CalibrationFit {
    static final double OLD_KIND = 0.7;
    static final double OLD_SITUATION = 0.1;
    static final int FOLDS = 4;
    static final int SCORER_EPOCHS = 3000;
    static final double SCORER_STEP = 2.0;
    static final double SCORER_L2 = 1e-3;
    static final int EPOCHS = 4000;
    static final double STEP = 1.0;
    static final double L2 = 1e-3;

    private CalibrationFit() {}

    /** One configuration tried, with its cross-validated actionable and wrong answers on the training questions. */
    public record Trial(String scorer, int actionable, int wrong, double logLoss) {}

    /**
     * @param brier  mean squared error of the fitted confidence on the cross-validated training answers
     * @param before actionable / wrong (cross-validated) with the chosen configuration, never abstaining
     * @param after  the same with the fitted threshold
     * @param missed the training questions the chosen configuration does not answer actionably when they are
     *               scored as unseen (cross-validated), with the scenario: what to look at to improve the playbook
     */
    public record Result(
            Calibration calibration,
            int questions,
            List<Trial> trials,
            double headTrainingAccuracy,
            double brier,
            Trial before,
            Trial after,
            List<String> missed) {}

    /** One training question scored as unseen: its features and which intents' commands it accepts. */
    private record Scored(EmbeddedBackend.Scoring scoring, boolean[] good) {}

    /** A decision on one scored question: actionable, wrong, and the calibration's inputs. */
    private record Answer(boolean actionable, boolean wrong, double similarity, double margin, double kindP) {}

    public static Result fit(
            EvalCorpus corpus, EmbeddedBackend base, LiveSystem.Factory factory, Consumer<String> progress) {
        List<Question> training = corpus.questions().stream()
                .filter(q -> q.set().equals("training"))
                .toList();
        if (training.isEmpty()) {
            throw new KosException("the corpus has no training questions to fit on");
        }
        Calibration older =
                Calibration.NONE.withWeights(OLD_KIND, OLD_SITUATION).withLearned(List.of());
        EmbeddedBackend plain = base.withCalibration(older);
        Map<String, StateSnapshot> snaps = new HashMap<>();
        for (Question q : training) {
            snaps.computeIfAbsent(
                    q.scenario(),
                    id -> EvalRunner.setUp(factory, corpus.scenario(id)).snapshot());
        }
        List<Scored> unlearned = new ArrayList<>();
        List<Calibration.Learned> learned = new ArrayList<>();
        int[] labelOf = new int[training.size()];
        for (int k = 0; k < training.size(); k++) {
            Question q = training.get(k);
            Scored s = scored(plain, q, snaps.get(q.scenario()));
            unlearned.add(s);
            double[] score = EmbeddedBackend.scores(s.scoring(), older.scorerWeights());
            int label = -1;
            for (int i = 0; i < score.length; i++) {
                if (s.good()[i] && (label < 0 || round(score[i]) > round(score[label]))) {
                    label = i;
                }
            }
            labelOf[k] = label;
            if (label >= 0) {
                learned.add(new Calibration.Learned(
                        q.q(), base.playbook().intents().get(label).id()));
            }
        }
        List<Scored> cv = new ArrayList<>(training.size());
        for (int k = 0; k < training.size(); k++) {
            cv.add(null);
        }
        for (int fold = 0; fold < FOLDS; fold++) {
            List<Calibration.Learned> others = new ArrayList<>();
            int j = 0;
            for (int k = 0; k < training.size(); k++) {
                if (labelOf[k] >= 0) {
                    if (k % FOLDS != fold) {
                        others.add(learned.get(j));
                    }
                    j++;
                }
            }
            EmbeddedBackend b = base.withCalibration(older.withLearned(others));
            for (int k = fold; k < training.size(); k += FOLDS) {
                Question q = training.get(k);
                cv.set(k, scored(b, q, snaps.get(q.scenario())));
            }
            progress.accept("fold " + (fold + 1) + " of " + FOLDS + " scored");
        }
        List<Double> weights = fitScorer(cv, older.scorerWeights());
        Calibration fitted = older.withScorer(weights);
        List<Trial> trials = new ArrayList<>();
        List<List<Answer>> answers = new ArrayList<>();
        List<Calibration> configs = List.of(older, older.withLearned(learned), fitted.withLearned(learned));
        List<List<Scored>> inputs = List.of(unlearned, cv, cv);
        List<String> names = List.of("playbook only, ", "learned examples, ", "learned examples, ");
        int chosen = 0;
        for (int c = 0; c < configs.size(); c++) {
            List<Answer> as = new ArrayList<>();
            for (Scored s : inputs.get(c)) {
                as.add(answer(s, configs.get(c).scorerWeights()));
            }
            answers.add(as);
            int act = (int) as.stream().filter(Answer::actionable).count();
            int wrong = (int) as.stream().filter(Answer::wrong).count();
            double loss = logLoss(inputs.get(c), configs.get(c).scorerWeights());
            trials.add(new Trial(names.get(c) + describe(configs.get(c)), act, wrong, loss));
            progress.accept(trials.getLast().toString());
            Trial best = trials.get(chosen);
            if (act > best.actionable() || act == best.actionable() && round(loss) < round(best.logLoss())) {
                chosen = c;
            }
        }
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>(), gain = new ArrayList<>();
        for (Answer a : answers.get(chosen)) {
            x.add(new double[] {a.similarity(), a.margin(), a.kindP()});
            y.add(a.actionable() ? 1 : 0);
            gain.add(a.actionable() ? 1 : a.wrong() ? -1 : 0);
        }
        double[] w = logistic(x, y);
        Calibration pick = configs.get(chosen);
        Calibration c = new Calibration(
                "fitted by 'llmctl calibrate' on the corpus's training questions only (playbook wording); "
                        + "intent score = scorer . features; "
                        + "confidence = logistic(intercept + c0 similarity + c1 margin + c2 kind probability)",
                pick.kindWeight(),
                pick.situationWeight(),
                round(w[0]),
                List.of(round(w[1]), round(w[2]), round(w[3])),
                0,
                training.size() + " training questions (" + FOLDS + "-fold cross-validated)",
                pick.scorer(),
                pick.learned());
        double[] conf = new double[x.size()];
        double brier = 0;
        for (int i = 0; i < conf.length; i++) {
            double[] f = x.get(i);
            conf[i] = round(c.confidence(f[0], f[1], f[2]));
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
        Calibration result = new Calibration(
                c.about(),
                c.kindWeight(),
                c.situationWeight(),
                c.intercept(),
                c.coefficients(),
                threshold,
                c.fittedOn(),
                c.scorer(),
                c.learned());
        int act = 0, wrong = 0;
        for (int i = 0; i < conf.length; i++) {
            if (!result.abstains(conf[i])) {
                act += y.get(i);
                wrong += gain.get(i) < 0 ? 1 : 0;
            }
        }
        Trial best = trials.get(chosen);
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < training.size(); i++) {
            if (!answers.get(chosen).get(i).actionable()) {
                missed.add(training.get(i).scenario() + ": " + training.get(i).q());
            }
        }
        return new Result(
                result,
                training.size(),
                trials,
                base.head().trainingAccuracy(),
                conf.length == 0 ? 0 : brier / conf.length,
                best,
                new Trial(best.scorer(), act, wrong, best.logLoss()),
                missed);
    }

    /** Softmax temperatures tried for {@link #logLoss}: a scorer is compared at its best scale. */
    static final double[] SCALES = {0.5, 1, 2, 5, 10, 20, 50};

    /**
     * The mean negative log of the softmax probability of the accepted intents (questions with none skipped),
     * at the best of {@link #SCALES}: a proper scoring rule, not saturated like the actionable count.
     */
    static double logLoss(List<Scored> data, double[] w) {
        double best = Double.POSITIVE_INFINITY;
        for (double t : SCALES) {
            double sum = 0;
            int n = 0;
            for (Scored s : data) {
                double[] score = EmbeddedBackend.scores(s.scoring(), w);
                double max = Double.NEGATIVE_INFINITY, all = 0, good = 0;
                for (double v : score) {
                    max = Math.max(max, t * v);
                }
                for (int i = 0; i < score.length; i++) {
                    double e = StrictMath.exp(t * score[i] - max);
                    all += e;
                    good += s.good()[i] ? e : 0;
                }
                if (good > 0) {
                    sum -= StrictMath.log(good / all);
                    n++;
                }
            }
            best = Math.min(best, n == 0 ? 0 : sum / n);
        }
        return best;
    }

    private static Scored scored(EmbeddedBackend b, Question q, StateSnapshot snap) {
        EmbeddedBackend.Scoring sc = b.scoring(q.q(), snap);
        boolean[] ok = new boolean[sc.commandClass().length];
        for (int i = 0; i < ok.length; i++) {
            ok[i] = sc.commandClass()[i] != null && q.accept().contains(sc.commandClass()[i]);
        }
        return new Scored(sc, ok);
    }

    /** What the backend would answer (as in {@link EmbeddedBackend#ask}, without retrieval). */
    private static Answer answer(Scored s, double[] w) {
        EmbeddedBackend.Scoring sc = s.scoring();
        double[] score = EmbeddedBackend.scores(sc, w);
        int best = EmbeddedBackend.best(score);
        double sim = round(sc.similarity()[best]);
        boolean proposes = sc.similarity()[best] >= EmbeddedBackend.MIN_SIMILARITY && sc.commandClass()[best] != null;
        double[] pk = sc.kindProbabilities();
        double kindP = round(pk[KindHead.argmax(pk)]);
        return new Answer(
                proposes && s.good()[best], proposes && !s.good()[best], sim, EmbeddedBackend.margin(score), kindP);
    }

    /** A scorer in words: its weights by feature. */
    public static String describe(Calibration c) {
        double[] w = c.scorerWeights();
        StringBuilder b = new StringBuilder(c.scorer() == null ? "older scorer:" : "fitted scorer:");
        for (int i = 0; i < w.length; i++) {
            if (w[i] != 0) {
                b.append(String.format(Locale.ROOT, " %+.3f %s", w[i], EmbeddedBackend.FEATURES.get(i)));
            }
        }
        return b.toString();
    }

    /**
     * The scorer's weights: gradient descent on the negative log of the softmax probability of the intents
     * whose command class the question accepts (questions with none are skipped).
     */
    static List<Double> fitScorer(List<Scored> data, double[] init) {
        List<double[][]> feats = new ArrayList<>();
        List<boolean[]> good = new ArrayList<>();
        for (Scored s : data) {
            boolean any = false;
            for (boolean g : s.good()) {
                any |= g;
            }
            if (any) {
                feats.add(s.scoring().features());
                good.add(s.good());
            }
        }
        int d = init.length, n = feats.size();
        double[] w = init.clone(), g = new double[d];
        for (int epoch = 0; epoch < SCORER_EPOCHS && n > 0; epoch++) {
            Arrays.fill(g, 0);
            for (int k = 0; k < n; k++) {
                double[][] f = feats.get(k);
                double[] p = new double[f.length];
                double max = Double.NEGATIVE_INFINITY, sum = 0, sumGood = 0;
                for (int i = 0; i < f.length; i++) {
                    for (int j = 0; j < d; j++) {
                        p[i] += w[j] * f[i][j];
                    }
                    max = Math.max(max, p[i]);
                }
                for (int i = 0; i < f.length; i++) {
                    p[i] = StrictMath.exp(p[i] - max);
                    sum += p[i];
                }
                for (int i = 0; i < f.length; i++) {
                    p[i] /= sum;
                    sumGood += good.get(k)[i] ? p[i] : 0;
                }
                for (int i = 0; i < f.length; i++) {
                    double target = good.get(k)[i] ? p[i] / sumGood : 0;
                    for (int j = 0; j < d; j++) {
                        g[j] += (p[i] - target) * f[i][j];
                    }
                }
            }
            for (int j = 0; j < d; j++) {
                w[j] -= SCORER_STEP * (g[j] / n + SCORER_L2 * w[j]);
            }
        }
        List<Double> out = new ArrayList<>();
        for (double v : w) {
            out.add(round(v));
        }
        return out;
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
