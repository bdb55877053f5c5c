package kos.llm.backend;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import kos.sim.KosException;

/**
 * The embedded backend's fitted settings: how much the request-kind head weighs in choosing an
 * intent, and the calibrated confidence of an answer, a logistic function of the best intent's
 * similarity, its margin over the runner-up and the head's probability for the kind it chose.
 * Below {@code threshold} the backend abstains from acting: the answer is marked low-confidence and
 * auto mode runs none of its commands (suggest mode still shows them).
 *
 * <p>Fitted on the corpus's training questions only (playbook wording; never the paraphrases or the
 * fresh held-out set) by {@code llmctl calibrate}, which writes the JSON this is read from; the
 * shipped copy is the resource {@value #RESOURCE}.
 *
 * @param kindWeight   added x the head's probability that the question is of the intent's kind
 * @param situationWeight added x strength when the intent fits a situation the snapshot shows
 * @param intercept    of the logistic confidence
 * @param coefficients for similarity, margin and kind probability
 * @param threshold    the least confidence at which auto mode runs the answer (0 = never abstain)
 * @param fittedOn     what it was fitted on, e.g. "104 training questions"
 * @param scorer       the intent scorer's weights, one per {@link EmbeddedBackend#FEATURES feature} (session 6);
 *                     null for the older scorer, similarity + situation weight x fit + kind weight x fit
 * @param learned      training questions added to their intents' examples (session 6), each labelled with the
 *                     intent whose command the question accepts in its scenario; empty before session 6
 */
public record Calibration(
        String about,
        double kindWeight,
        double situationWeight,
        double intercept,
        List<Double> coefficients,
        double threshold,
        String fittedOn,
        List<Double> scorer,
        List<Learned> learned) {
    public static final String RESOURCE = "/kos/llm/calibration.json";
    /** No kind weight, situation weight 0.05, confidence 0.5 for everything, never abstains. */
    public static final Calibration NONE =
            new Calibration("none", 0, 0.05, 0, List.of(0.0, 0.0, 0.0), 0, "nothing", null, List.of());

    /** A training question learned as an example of an intent. */
    public record Learned(String q, String intent) {}

    public Calibration {
        if (coefficients == null || coefficients.size() != 3) {
            throw new KosException("calibration: expected 3 coefficients (similarity, margin, kind probability)");
        }
        if (!(threshold >= 0 && threshold < 1)
                || !Double.isFinite(kindWeight)
                || !Double.isFinite(situationWeight)
                || !Double.isFinite(intercept)) {
            throw new KosException("calibration: threshold must be in [0, 1) and the weights finite");
        }
        if (scorer != null
                && (scorer.size() != EmbeddedBackend.FEATURES.size()
                        || scorer.stream().anyMatch(v -> v == null || !Double.isFinite(v)))) {
            throw new KosException("calibration: expected " + EmbeddedBackend.FEATURES.size()
                    + " finite scorer weights (" + String.join(", ", EmbeddedBackend.FEATURES) + ")");
        }
        scorer = scorer == null ? null : List.copyOf(scorer);
        learned = learned == null ? List.of() : List.copyOf(learned);
    }

    /** The scorer's weights: the fitted ones, or the older scorer's expressed in the same features. */
    public double[] scorerWeights() {
        double[] w = new double[EmbeddedBackend.FEATURES.size()];
        if (scorer == null) {
            w[0] = 1;
            w[3] = situationWeight;
            w[4] = kindWeight;
        } else {
            for (int i = 0; i < w.length; i++) {
                w[i] = scorer.get(i);
            }
        }
        return w;
    }

    public Calibration withScorer(List<Double> weights) {
        return new Calibration(
                about, kindWeight, situationWeight, intercept, coefficients, threshold, fittedOn, weights, learned);
    }

    public Calibration withLearned(List<Learned> examples) {
        return new Calibration(
                about, kindWeight, situationWeight, intercept, coefficients, threshold, fittedOn, scorer, examples);
    }

    public Calibration withWeights(double kind, double situation) {
        return new Calibration(about, kind, situation, intercept, coefficients, threshold, fittedOn, scorer, learned);
    }

    /** The calibrated probability that the answer is one an operator would accept. */
    public double confidence(double similarity, double margin, double kindProbability) {
        double z = intercept
                + coefficients.get(0) * similarity
                + coefficients.get(1) * margin
                + coefficients.get(2) * kindProbability;
        return 1 / (1 + StrictMath.exp(-z));
    }

    public boolean abstains(double confidence) {
        return Math.round(confidence * 10_000) < Math.round(threshold * 10_000);
    }

    public static Calibration load() {
        try (InputStream in = Calibration.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new KosException("the calibration " + RESOURCE + " is missing from the class path");
            }
            return read(in.readAllBytes());
        } catch (IOException e) {
            throw new KosException("cannot read the calibration: " + e.getMessage());
        }
    }

    public static Calibration read(byte[] json) {
        try {
            return new ObjectMapper()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(json, Calibration.class);
        } catch (IOException e) {
            throw new KosException("cannot read the calibration: " + e.getMessage());
        }
    }
}
