package kos.insights.crash;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;

/**
 * A logistic model {@code p = 1 / (1 + exp(-(bias + w . x)))} over named features. Fitted by
 * {@link LogisticFit}; stored as JSON (names, weights, bias) so the shipped model is readable.
 *
 * @param features feature names, in the order of {@code weights}
 * @param weights  one weight per feature
 * @param bias     the intercept
 */
public record LogisticModel(List<String> features, double[] weights, double bias) {
    @JsonCreator
    public LogisticModel(
            @JsonProperty("features") List<String> features,
            @JsonProperty("weights") double[] weights,
            @JsonProperty("bias") double bias) {
        if (features.size() != weights.length) {
            throw new IllegalArgumentException(features.size() + " feature names but " + weights.length + " weights");
        }
        this.features = List.copyOf(features);
        this.weights = weights.clone();
        this.bias = bias;
    }

    /** The probability for feature values {@code x} (same order as the names). */
    public double probability(double[] x) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * x[i];
        }
        return sigmoid(z);
    }

    public static double sigmoid(double z) {
        // StrictMath keeps the value identical on every JVM; the model drives alarms and so the digest.
        if (z >= 0) {
            return 1 / (1 + StrictMath.exp(-z));
        }
        double e = StrictMath.exp(z); // once: the same bits as computing it twice
        return e / (1 + e);
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogisticModel m
                && features.equals(m.features)
                && Arrays.equals(weights, m.weights)
                && Double.compare(bias, m.bias) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * features.hashCode() + Arrays.hashCode(weights)) + Double.hashCode(bias);
    }

    @Override
    public String toString() {
        return "LogisticModel" + features + Arrays.toString(weights) + " bias " + bias;
    }
}
