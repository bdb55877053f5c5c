package kos.llm.backend;

import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Trained when the embedded backend loads, from the playbook only: every intent example labelled
 * with its intent's kind, plus the playbook's generic {@code kinds} examples (the only explain
 * examples). Full-batch gradient descent, {@value #EPOCHS} epochs, step {@value #STEP}, L2
 * {@value #L2}, classes weighted by inverse frequency; sequential loops in a fixed order, so the
 * same embeddings give the same weights.
 */
public final class KindHead {
    static final int EPOCHS = 300;
    static final double STEP = 4.0;
    static final double L2 = 1e-4;

    private static final RequestKind[] KINDS = RequestKind.values();
    private final double[][] w; // [kind][dim + 1], the last column is the bias
    private final double trainingAccuracy;

    /** A labelled example: its embedding and its kind. */
    public record Example(float[] x, RequestKind kind) {}

    private KindHead(double[][] w, double trainingAccuracy) {
        this.w = w;
        this.trainingAccuracy = trainingAccuracy;
    }

    /** The examples the head learns from: the playbook's intents' examples and its generic kind examples. */
    public static List<Example> examples(Playbook playbook, Function<String, float[]> embed) {
        List<Example> out = new ArrayList<>();
        for (Playbook.Intent i : playbook.intents()) {
            RequestKind k = i.requestKind();
            i.examples().forEach(e -> out.add(new Example(embed.apply(e.toLowerCase(Locale.ROOT)), k)));
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
        int d = examples.getFirst().x().length, k = KINDS.length, n = examples.size();
        double[] classWeight = new double[k];
        for (Example e : examples) {
            classWeight[e.kind().ordinal()]++;
        }
        for (int c = 0; c < k; c++) {
            classWeight[c] = classWeight[c] == 0 ? 0 : n / (k * classWeight[c]);
        }
        double[][] w = new double[k][d + 1];
        double[][] grad = new double[k][d + 1];
        double[] p = new double[k];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (double[] g : grad) {
                Arrays.fill(g, 0);
            }
            for (Example e : examples) {
                probabilities(w, e.x(), p);
                double cw = classWeight[e.kind().ordinal()];
                for (int c = 0; c < k; c++) {
                    double err = cw * (p[c] - (c == e.kind().ordinal() ? 1 : 0));
                    for (int j = 0; j < d; j++) {
                        grad[c][j] += err * e.x()[j];
                    }
                    grad[c][d] += err;
                }
            }
            for (int c = 0; c < k; c++) {
                for (int j = 0; j <= d; j++) {
                    w[c][j] -= STEP * (grad[c][j] / n + (j < d ? L2 * w[c][j] : 0));
                }
            }
        }
        int right = 0;
        for (Example e : examples) {
            probabilities(w, e.x(), p);
            right += argmax(p) == e.kind().ordinal() ? 1 : 0;
        }
        return new KindHead(w, (double) right / n);
    }

    /** The probability of each kind, indexed by {@link RequestKind#ordinal()}. */
    public double[] classify(float[] x) {
        double[] p = new double[KINDS.length];
        probabilities(w, x, p);
        return p;
    }

    /** The share of its own training examples the head classifies right. */
    public double trainingAccuracy() {
        return trainingAccuracy;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void probabilities(double[][] w, float[] x, double[] p) {
        int d = x.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double z = w[c][d];
            for (int j = 0; j < d; j++) {
                z += w[c][j] * x[j];
            }
            p[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            p[c] = StrictMath.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < w.length; c++) {
            p[c] /= sum;
        }
    }
}
