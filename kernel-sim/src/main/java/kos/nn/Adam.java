package kos.nn;

import java.util.List;

/**
 * Adam (Kingma and Ba 2015) with bias correction, as PyTorch's {@code torch.optim.Adam} without
 * weight decay: {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code p -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}. Moment buffers are allocated
 * once at construction; a step allocates nothing. Computed in float except the bias-correction
 * factors (double, then rounded once per step), so results are reproducible across JVMs.
 */
public final class Adam implements Optimizer {
    public static final float BETA1 = 0.9f, BETA2 = 0.999f, EPS = 1e-8f;

    private final List<Parameter> params;
    private final float[][] m, v;
    private final float lr, beta1, beta2, eps;
    private long t;

    /** Adam with the standard betas 0.9 / 0.999 and eps 1e-8. */
    public Adam(List<Parameter> params, float lr) {
        this(params, lr, BETA1, BETA2, EPS);
    }

    public Adam(List<Parameter> params, float lr, float beta1, float beta2, float eps) {
        if (!(lr > 0) || !Float.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive and finite: " + lr);
        }
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0)) {
            throw new IllegalArgumentException("need 0 <= betas < 1 and eps > 0");
        }
        this.params = List.copyOf(params);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        m = new float[this.params.size()][];
        v = new float[this.params.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new float[this.params.get(i).size()];
            v[i] = new float[this.params.get(i).size()];
        }
    }

    @Override
    public void step() {
        t++;
        float c1 = (float) (1 - StrictMath.pow(beta1, t));
        float c2 = (float) (1 - StrictMath.pow(beta2, t));
        float a1 = 1 - beta1, a2 = 1 - beta2;
        for (int i = 0; i < params.size(); i++) {
            float[] p = params.get(i).value(), g = params.get(i).grad(), mi = m[i], vi = v[i];
            for (int j = 0; j < p.length; j++) {
                float gj = g[j];
                float mj = Math.fma(beta1, mi[j], a1 * gj);
                float vj = Math.fma(beta2, vi[j], a2 * gj * gj);
                mi[j] = mj;
                vi[j] = vj;
                float mHat = mj / c1;
                float vHat = vj / c2;
                p[j] -= lr * mHat / ((float) Math.sqrt(vHat) + eps);
            }
        }
    }

    /** Steps taken so far. */
    public long steps() {
        return t;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    @Override
    public float learningRate() {
        return lr;
    }
}
