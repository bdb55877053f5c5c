package kos.llm.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import kos.sim.KosException;

/**
 * The request-kind head: a softmax (multinomial logistic) regression over the sentence encoder's
 * embeddings that says whether a question asks for status, an explanation or an action
 * ({@link RequestKind}), before a playbook intent is chosen.
 *
 * <p>Trained when the embedded backend loads, from the playbook: every intent example labelled
 * with its intent's kind, every example of an intent that fixes a situation once more as a why-question
 * labelled explain ({@link #WHY}), plus the playbook's generic {@code kinds} examples; and the calibration's
 * learned examples (training questions) of act intents, labelled act (the embedded backend adds them).
 * Full-batch gradient descent, {@value #EPOCHS} epochs, step {@value #STEP}, L2
 * {@value #L2}, classes weighted by inverse frequency; sequential loops in a fixed order, so the
 * same embeddings give the same weights.
 */
public final class KindHead {
    static final int EPOCHS = 300;
    static final double STEP = 4.0;
    static final double L2 = 1e-4;
    /**
     * Each example of an intent that fixes a situation is also learned as an explain request with this prefix
     * ("why " + "the cache is using most of the memory"): the same topic asked as a why-question is an
     * explanation, so the head cannot learn the topic as the kind.
     */
    static final String WHY = "why ";

    private static final RequestKind[] KINDS = RequestKind.values();
    private final Softmax model;
    private final double trainingAccuracy;

    /** A labelled example: its embedding and its kind. */
    public record Example(float[] x, RequestKind kind) {}

    private KindHead(Softmax model, double trainingAccuracy) {
        this.model = model;
        this.trainingAccuracy = trainingAccuracy;
    }

    /** The examples the head learns from: the playbook's intents' examples and its generic kind examples. */
    public static List<Example> examples(Playbook playbook, Function<String, float[]> embed) {
        List<Example> out = new ArrayList<>();
        for (Playbook.Intent i : playbook.intents()) {
            RequestKind k = i.requestKind();
            i.examples().forEach(e -> out.add(new Example(embed.apply(e.toLowerCase(Locale.ROOT)), k)));
            if (k == RequestKind.ACT && !i.situations().isEmpty()) {
                i.examples()
                        .forEach(e -> out.add(
                                new Example(embed.apply(WHY + e.toLowerCase(Locale.ROOT)), RequestKind.EXPLAIN)));
            }
        }
        for (Map.Entry<String, List<String>> e : playbook.kinds().entrySet()) {
            RequestKind k = RequestKind.parse(e.getKey(), "kinds");
            e.getValue().forEach(t -> out.add(new Example(embed.apply(t.toLowerCase(Locale.ROOT)), k)));
        }
        return out;
    }

    public static KindHead train(List<Example> examples) {
        if (examples.isEmpty()) {
            throw new KosException("the request-kind head has no examples to learn from");
        }
        float[][] x = new float[examples.size()][];
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = examples.get(i).x();
            y[i] = examples.get(i).kind().ordinal();
        }
        Softmax m = Softmax.train(x, y, KINDS.length, EPOCHS, STEP, L2);
        return new KindHead(m, m.accuracy(x, y));
    }

    /** The probability of each kind, indexed by {@link RequestKind#ordinal()}. */
    public double[] classify(float[] x) {
        return model.classify(x);
    }

    /** The share of its own training examples the head classifies right. */
    public double trainingAccuracy() {
        return trainingAccuracy;
    }

    /** The index of the largest probability (ties to the first). */
    public static int argmax(double[] p) {
        return Softmax.argmax(p);
    }
}
