package kos.lora.train;

import kos.sim.KosException;
import kos.simd.Kernels;

/** The training losses, each with its gradient with respect to the model's output. */
public enum Loss {
    /** Mean squared error over the outputs: {@code L = (1/n) sum (y - t)^2}, {@code dL/dy = 2 (y - t) / n}. */
    MSE {
        @Override
        public double lossAndGrad(float[] y, float[] t, float[] dy, float[] scratch, float scale) {
            int n = y.length;
            double s = 0;
            for (int i = 0; i < n; i++) {
                float d = y[i] - t[i];
                s += (double) d * d;
                dy[i] = scale * 2f * d / n;
            }
            return s / n;
        }

        @Override
        public boolean correct(float[] y, float[] t) {
            for (int i = 0; i < y.length; i++) {
                if (Math.abs(y[i] - t[i]) > 0.25f * Math.abs(t[i])) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void check(int outputs, int targetDim) {
            if (outputs != targetDim) {
                throw new KosException(
                        "mse needs targets of the output size " + outputs + ", the dataset has " + targetDim);
            }
        }
    },
    /**
     * Softmax cross-entropy: {@code p = softmax(y)}, {@code L = -sum t_i ln p_i} with t a class
     * index (one-element target) or a distribution over the outputs; {@code dL/dy = p sum(t) - t}.
     */
    CROSS_ENTROPY {
        @Override
        public double lossAndGrad(float[] y, float[] t, float[] dy, float[] p, float scale) {
            int n = y.length;
            System.arraycopy(y, 0, p, 0, n);
            Kernels.get().softmax(p, 0, n);
            double loss = 0;
            if (t.length == 1) {
                int c = (int) t[0];
                for (int i = 0; i < n; i++) {
                    dy[i] = scale * (p[i] - (i == c ? 1f : 0f));
                }
                loss = -StrictMath.log(Math.max(p[c], 1e-30f));
            } else {
                float total = 0;
                for (int i = 0; i < n; i++) {
                    total += t[i];
                }
                for (int i = 0; i < n; i++) {
                    dy[i] = scale * (p[i] * total - t[i]);
                    if (t[i] != 0) {
                        loss -= t[i] * StrictMath.log(Math.max(p[i], 1e-30f));
                    }
                }
            }
            return loss;
        }

        @Override
        public boolean correct(float[] y, float[] t) {
            int want = t.length == 1 ? (int) t[0] : argmax(t);
            return argmax(y) == want;
        }

        @Override
        public void check(int outputs, int targetDim) {
            if (targetDim != 1 && targetDim != outputs) {
                throw new KosException("cross-entropy needs a class index or a distribution over the " + outputs
                        + " outputs as target, the dataset has " + targetDim + " values");
            }
        }
    };

    /**
     * Returns the loss of output y against target t and writes {@code scale * dL/dy} into dy.
     *
     * @param scratch at least {@code y.length} floats of working space
     */
    public abstract double lossAndGrad(float[] y, float[] t, float[] dy, float[] scratch, float scale);

    /** Whether y counts as a correct prediction of t (MSE: every output within 25% of its target; cross-entropy: the argmax). */
    public abstract boolean correct(float[] y, float[] t);

    /** Rejects a dataset whose targets do not fit a model with {@code outputs} outputs. */
    public abstract void check(int outputs, int targetDim);

    /** Checks class indices for cross-entropy with scalar targets. */
    void checkExample(Example e, int outputs, int index) {
        if (this == CROSS_ENTROPY && e.target().length == 1) {
            float c = e.target()[0];
            if (c != Math.rint(c) || c < 0 || c >= outputs) {
                throw new KosException(
                        "example " + (index + 1) + ": class " + c + " is not an integer in [0, " + outputs + ")");
            }
        }
        if (this == CROSS_ENTROPY && e.target().length > 1) {
            for (float v : e.target()) {
                if (v < 0) {
                    throw new KosException(
                            "example " + (index + 1) + ": a target distribution cannot hold negative values");
                }
            }
        }
    }

    static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Parses "mse" or "ce" / "cross-entropy". */
    public static Loss parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "mse" -> MSE;
            case "ce", "cross-entropy", "cross_entropy", "crossentropy" -> CROSS_ENTROPY;
            default -> throw new KosException("unknown loss '" + s + "' (mse or cross-entropy)");
        };
    }
}
