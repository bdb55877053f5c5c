package kos.insights.ml;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import kos.sim.KosException;

/**
 * A small dense network: inputs standardised with the training set's means and deviations, one
 * tanh hidden layer (or none: a linear model), and linear outputs ({@link Loss#MSE}) or one sigmoid
 * per output ({@link Loss#LOGISTIC}). Small enough that inference costs well under a microsecond
 * for tens of inputs, and serialisable as JSON for the model registry.
 *
 * <p>{@link #predict} uses a scratch buffer of the instance: it allocates nothing and is not
 * thread-safe (give each thread its own {@link #copy()}).
 */
public final class Mlp {
    /** The training loss, which fixes the output activation. */
    public enum Loss {
        MSE,
        LOGISTIC
    }

    /** The serialised form. {@code w1} is hidden x inputs row-major, {@code w2} outputs x hidden (or outputs x inputs). */
    public record Weights(
            @JsonProperty("features") List<String> features,
            @JsonProperty("labels") List<String> labels,
            @JsonProperty("loss") Loss loss,
            @JsonProperty("hidden") int hidden,
            @JsonProperty("mean") double[] mean,
            @JsonProperty("std") double[] std,
            @JsonProperty("w1") double[] w1,
            @JsonProperty("b1") double[] b1,
            @JsonProperty("w2") double[] w2,
            @JsonProperty("b2") double[] b2) {}

    final int in, hidden, out;
    final Loss loss;
    final List<String> features, labels;
    final double[] mean, std, w1, b1, w2, b2;
    private final double[] h, z;

    public Mlp(List<String> features, List<String> labels, int hidden, Loss loss) {
        this.features = List.copyOf(features);
        this.labels = List.copyOf(labels);
        this.in = features.size();
        this.out = labels.size();
        this.hidden = hidden;
        this.loss = loss;
        this.mean = new double[in];
        this.std = new double[in];
        java.util.Arrays.fill(std, 1);
        int width = hidden > 0 ? hidden : in;
        this.w1 = new double[hidden * in];
        this.b1 = new double[hidden];
        this.w2 = new double[out * width];
        this.b2 = new double[out];
        this.h = new double[Math.max(1, hidden)];
        this.z = new double[in];
    }

    /** Rebuilds a model from its weights, checking every shape and value; a KosException says what is wrong. */
    public static Mlp of(Weights w) {
        if (w == null
                || w.features() == null
                || w.labels() == null
                || w.loss() == null
                || w.hidden() < 0
                || w.hidden() > 4096) {
            throw new KosException("model weights are incomplete");
        }
        Mlp m = new Mlp(w.features(), w.labels(), w.hidden(), w.loss());
        copy("mean", w.mean(), m.mean);
        copy("std", w.std(), m.std);
        copy("w1", w.w1(), m.w1);
        copy("b1", w.b1(), m.b1);
        copy("w2", w.w2(), m.w2);
        copy("b2", w.b2(), m.b2);
        for (double s : m.std) {
            if (!(s > 0)) {
                throw new KosException("model weights are invalid: a feature deviation is not positive");
            }
        }
        return m;
    }

    private static void copy(String name, double[] from, double[] to) {
        if (from == null || from.length != to.length) {
            throw new KosException("model weights are invalid: " + name + " has " + (from == null ? 0 : from.length)
                    + " values, expected " + to.length);
        }
        for (double v : from) {
            if (!Double.isFinite(v)) {
                throw new KosException("model weights are invalid: " + name + " holds a non-finite value");
            }
        }
        System.arraycopy(from, 0, to, 0, to.length);
    }

    public Weights weights() {
        return new Weights(
                features,
                labels,
                loss,
                hidden,
                mean.clone(),
                std.clone(),
                w1.clone(),
                b1.clone(),
                w2.clone(),
                b2.clone());
    }

    public Mlp copy() {
        return of(weights());
    }

    @JsonIgnore
    public List<String> features() {
        return features;
    }

    @JsonIgnore
    public List<String> labels() {
        return labels;
    }

    public int parameterCount() {
        return w1.length + b1.length + w2.length + b2.length;
    }

    /** Computes the outputs for raw (unstandardised) {@code x} into {@code y}. Allocates nothing. */
    public void predict(double[] x, double[] y) {
        for (int i = 0; i < in; i++) {
            z[i] = (x[i] - mean[i]) / std[i];
        }
        double[] last = z;
        int width = in;
        if (hidden > 0) {
            for (int j = 0; j < hidden; j++) {
                double s = b1[j];
                int base = j * in;
                for (int i = 0; i < in; i++) {
                    s += w1[base + i] * z[i];
                }
                h[j] = act(s);
            }
            last = h;
            width = hidden;
        }
        for (int k = 0; k < out; k++) {
            double s = b2[k];
            int base = k * width;
            for (int j = 0; j < width; j++) {
                s += w2[base + j] * last[j];
            }
            y[k] = loss == Loss.LOGISTIC ? 1 / (1 + StrictMath.exp(-s)) : s;
        }
    }

    /**
     * The hidden activation: a rational approximation of tanh ({@code x(27+x^2)/(27+9x^2)}, exactly
     * +-1 beyond |x| = 3). Plain arithmetic, so training and inference give the same bits on every
     * JVM, and no transcendental call on the inference path.
     */
    static double act(double x) {
        if (x >= 3) {
            return 1;
        }
        if (x <= -3) {
            return -1;
        }
        double x2 = x * x;
        return x * (27 + x2) / (27 + 9 * x2);
    }

    /** The derivative of {@link #act}. */
    static double actGrad(double x) {
        if (x >= 3 || x <= -3) {
            return 0;
        }
        double x2 = x * x, d = 27 + 9 * x2;
        return ((27 + 3 * x2) * d - x * (27 + x2) * 18 * x) / (d * d);
    }
}
