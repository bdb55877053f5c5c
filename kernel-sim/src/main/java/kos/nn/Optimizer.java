package kos.nn;

import java.util.List;

/**
 * Updates parameters in place from their accumulated gradients. Deterministic (the same
 * gradients give the same bits) and allocation-free per {@link #step()}.
 */
public interface Optimizer {
    /** Applies one update to every parameter from its current gradient. */
    void step();

    /** Zeroes every parameter's gradient (indexed loop: no iterator on the training path). */
    default void zeroGrad() {
        List<Parameter> params = parameters();
        for (int i = 0; i < params.size(); i++) {
            params.get(i).zeroGrad();
        }
    }

    /** The parameters this optimizer updates, in the order given at construction. */
    List<Parameter> parameters();

    /** The learning rate in use. */
    float learningRate();
}
