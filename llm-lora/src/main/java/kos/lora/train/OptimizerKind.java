package kos.lora.train;

import java.util.List;
import java.util.Locale;
import kos.nn.Adam;
import kos.nn.Optimizer;
import kos.nn.Parameter;
import kos.nn.Sgd;
import kos.sim.KosException;

/** The optimizers the fine-tuner offers. */
public enum OptimizerKind {
    SGD,
    ADAM;

    Optimizer create(List<Parameter> params, float lr) {
        return this == SGD ? new Sgd(params, lr) : new Adam(params, lr);
    }

    public static OptimizerKind parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "sgd" -> SGD;
            case "adam" -> ADAM;
            default -> throw new KosException("unknown optimizer '" + s + "' (sgd or adam)");
        };
    }
}
