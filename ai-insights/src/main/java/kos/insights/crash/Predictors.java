package kos.insights.crash;

import java.util.List;
import kos.sim.KosException;

/** The predictors by name: kos's own and the baselines, each a fresh instance per run. */
public final class Predictors {
    /** Names in the order reports list them: kos first, then the baselines. */
    public static final List<String> NAMES = List.of("kos", "earlyoom", "oomd", "proactive", "four-factor");

    private Predictors() {}

    public static CrashPredictor create(String name) {
        return switch (name) {
            case "kos" -> new KosPredictor();
            case "earlyoom" -> new EarlyOomPredictor();
            case "oomd" -> new OomdPredictor();
            case "proactive" -> new ProactiveCompactionPredictor();
            case "four-factor" -> new FourFactorPredictor();
            default ->
                throw new KosException("unknown predictor '" + name + "': expected one of " + String.join(", ", NAMES));
        };
    }
}
