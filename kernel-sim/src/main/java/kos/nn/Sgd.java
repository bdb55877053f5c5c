package kos.nn;

import java.util.List;

/** Plain stochastic gradient descent: {@code p = fma(-lr, g, p)} for every element. */
public final class Sgd implements Optimizer {
    /** The original kernel's learning rate. */
    public static final float DEFAULT_LR = 0.001f;

    private final List<Parameter> params;
    private final float lr;

    public Sgd(List<Parameter> params, float lr) {
        if (!(lr > 0) || !Float.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive and finite: " + lr);
        }
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    @Override
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            kos.simd.Kernels.get().axpy(-lr, p.grad(), 0, p.value(), 0, p.size());
        }
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
