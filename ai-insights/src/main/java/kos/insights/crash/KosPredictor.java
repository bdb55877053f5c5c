package kos.insights.crash;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import kos.simd.FloatKernels;
import kos.simd.Kernels;
import org.slf4j.LoggerFactory;

/**
 * kos's crash predictor: the {@link CrashFeatures} of the sample stream scored by one logistic
 * model per cause (lack of memory, fragmentation, page-cache pressure). The confidence is the
 * largest of the three probabilities and the cause is the one that gave it. Each model estimates
 * the probability that the kernel crashes of that cause within the horizon, so a fitted model is
 * calibrated by construction on data like its training data.
 *
 * <p>The models ship as {@code kos-predictor-model.json} beside this class, fitted by
 * {@code crashctl fit --out} on training seeds disjoint from the evaluation seeds; without that file the
 * hand-set weights of {@link Models#defaults()} are used. A version promoted in the model registry
 * ({@code crashctl fit}, then {@code ml promote crash-predictor V}) replaces them ({@link CrashModelStore}).
 */
public final class KosPredictor implements LivePredictor {
    private static final CrashCause[] CAUSES = {
        CrashCause.LACK_OF_MEMORY, CrashCause.FRAGMENTATION, CrashCause.PAGE_CACHE_PRESSURE
    };
    private static final String RESOURCE = "kos-predictor-model.json";
    /**
     * The features, then the probability of each cause, the learned lack-of-memory score (shown, not
     * used for the alarm) and the projected time to exhaustion in seconds (-1: none).
     */
    private static final List<String> FACTOR_NAMES = Stream.concat(
                    Stream.concat(
                            CrashFeatures.NAMES.stream(),
                            Stream.of(CAUSES).map(c -> "p_" + c.name().toLowerCase(Locale.ROOT))),
                    Stream.of("p_lack_of_memory_learned", "projection_s", "p_fragmentation_spare"))
            .toList();

    /**
     * The per-cause models. Lack of memory is scored by the {@code exhaustion} hazard table over the
     * projected time to exhaustion; {@code lackOfMemory}, a logistic model over every feature, is
     * still fitted and shown beside it ({@code p_lack_of_memory_learned}) but does not raise alarms:
     * scored on families it was not fitted on it alarmed and killed on benign high usage and missed
     * leaks (docs/crash-prediction.md).
     */
    public record Models(
            LogisticModel lackOfMemory,
            LogisticModel fragmentation,
            LogisticModel pageCachePressure,
            ExhaustionHazard exhaustion,
            ExhaustionHazard fragmentationHazard) {
        LogisticModel of(CrashCause c) {
            return switch (c) {
                case LACK_OF_MEMORY -> lackOfMemory;
                case FRAGMENTATION -> fragmentation;
                case PAGE_CACHE_PRESSURE -> pageCachePressure;
                case NONE -> throw new IllegalArgumentException("no model for NONE");
            };
        }

        /** Hand-set starting weights over {@link CrashFeatures#NAMES}, used until a fitted model ships. */
        public static Models defaults() {
            List<String> n = CrashFeatures.NAMES;
            //                                tte usage head fail stall unus trend some full cache recl comp ttel soon
            // large avail pin pint clow csoon peak half qrtr c30s
            //                                ... peak_soon projected
            return new Models(
                    new LogisticModel(
                            n,
                            new double[] {
                                7, 2, 2, 2, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0, 0
                            },
                            -6),
                    new LogisticModel(
                            n,
                            new double[] {
                                0, 0, 0, 2, 1.5, 3, 3, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 2, 0, 0, 0, 2
                            },
                            -6),
                    new LogisticModel(
                            n,
                            new double[] {
                                0, 0, 0, 0, 1.5, 0, 0, 3, 0, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
                            },
                            -7),
                    ExhaustionHazard.defaults(),
                    ExhaustionHazard.fragmentationDefaults());
        }

        /** Whether every model reads exactly the features {@link CrashFeatures} computes, in order. */
        public boolean matchesFeatures() {
            return exhaustion != null
                    && fragmentationHazard != null
                    && lackOfMemory.features().equals(CrashFeatures.NAMES)
                    && fragmentation.features().equals(CrashFeatures.NAMES)
                    && pageCachePressure.features().equals(CrashFeatures.NAMES);
        }

        /**
         * The shipped fitted models; the defaults when none ship or when the shipped ones were fitted
         * on another feature set (a stale file after the features changed: refit with
         * {@code crashctl fit}; a test keeps the shipped file current).
         */
        public static Models shipped() {
            return Shipped.MODELS;
        }

        private static Models loadShipped() {
            try (InputStream in = KosPredictor.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    return defaults();
                }
                Models m = new ObjectMapper().readValue(in, Models.class);
                if (!m.matchesFeatures()) {
                    LoggerFactory.getLogger(KosPredictor.class)
                            .warn("{} was fitted on other features; using the default weights", RESOURCE);
                    return defaults();
                }
                return m;
            } catch (IOException e) {
                throw new IllegalStateException("the shipped " + RESOURCE + " is unreadable", e);
            }
        }
    }

    /** Loads the shipped models once per JVM (and warns once if they are stale). */
    private static final class Shipped {
        static final Models MODELS = Models.loadShipped();
    }

    /** Index of {@code compactions_30s}: the fragmentation model's gate. */
    private static final int COMPACTIONS_30S = CrashFeatures.NAMES.indexOf("compactions_30s");

    /**
     * Whether the fragmentation model may score these features: only while some request in the last
     * 30 s found no free block of its order and needed direct compaction (Linux's compact_stall).
     * Without that, every request is served from the free lists however pinned memory looks, and a
     * fragmentation out-of-memory needs a request that cannot be assembled: held out, the model
     * alarmed (and the loop killed) for 100 s of an order-6 storm that never needed compaction.
     * {@code crashctl fit} fits the fragmentation model on the samples with the gate open only.
     */
    public static boolean fragmentationGateOpen(double[] x) {
        return x[COMPACTIONS_30S] > 0;
    }

    private final CrashFeatures features;
    private final Models models;
    /** The two logistic models scored on every sample, without their zero-weight terms (same bits). */
    private final SparseLogistic fragmentation, pageCachePressure;

    private final double[] probabilities = new double[CAUSES.length];
    /** The latest sample's time, confidence and cause; {@code observed} once there was one since the reset. */
    private long timeNs;

    private double confidence;
    private CrashCause cause = CrashCause.NONE;
    private boolean observed;

    /** With the weights in use: the promoted registry version, else the shipped ones ({@link CrashModelStore}). */
    public KosPredictor() {
        this(CrashModelStore.inUse(), Kernels.get());
    }

    public KosPredictor(Models models, FloatKernels kernels) {
        if (!models.matchesFeatures()) {
            throw new IllegalArgumentException("the models do not read the features " + CrashFeatures.NAMES);
        }
        this.models = models;
        this.features = new CrashFeatures(kernels);
        this.fragmentation = new SparseLogistic(models.fragmentation());
        this.pageCachePressure = new SparseLogistic(models.pageCachePressure());
    }

    @Override
    public String name() {
        return "kos";
    }

    /**
     * Folds in a sample: the features, the lack-of-memory hazard and the two logistic models that
     * raise alarms. Allocates nothing; {@link #prediction()} builds the record when asked.
     */
    @Override
    public void observe(MemorySample s) {
        features.update(s);
        double[] x = features.values();
        double best = -1;
        CrashCause cause = CrashCause.NONE;
        for (int i = 0; i < CAUSES.length; i++) {
            double p = switch (CAUSES[i]) {
                case LACK_OF_MEMORY -> models.exhaustion().probability(features.projectionS());
                case FRAGMENTATION -> Math.max(fragmentationLearned(x), fragmentationSpare(x));
                case PAGE_CACHE_PRESSURE -> pageCachePressure.probability(x);
                case NONE -> throw new IllegalStateException("no model for NONE");
            };
            probabilities[i] = p;
            if (p > best) {
                best = p;
                cause = CAUSES[i];
            }
        }
        timeNs = s.timeNs();
        confidence = best;
        this.cause = best < 0.5 ? CrashCause.NONE : cause;
        observed = true;
    }

    /** The fragmentation model's probability when its gate is open, else 0. */
    private double fragmentationLearned(double[] x) {
        return fragmentationGateOpen(x) ? fragmentation.probability(x) : 0;
    }

    /** The fragmentation hazard of the spare clean regions of the demanded order; 0 without demand. */
    private double fragmentationSpare(double[] x) {
        return CrashFeatures.demanded(x) ? models.fragmentationHazard().probability(CrashFeatures.spareRegions(x)) : 0;
    }

    @Override
    public double confidence() {
        return confidence;
    }

    @Override
    public CrashCause cause() {
        return cause;
    }

    @Override
    public long timeToExhaustionNs() {
        return observed ? features.timeToExhaustionNs() : -1;
    }

    /**
     * The latest prediction: its factors are the features, each cause's probability, the learned
     * lack-of-memory score (computed here: it is shown, never alarmed on) and the projection.
     */
    @Override
    public Prediction prediction() {
        if (!observed) {
            return null;
        }
        double[] x = features.values();
        int n = x.length;
        double[] factors = Arrays.copyOf(x, n + CAUSES.length + 3);
        for (int i = 0; i < CAUSES.length; i++) {
            factors[n + i] = probabilities[i];
        }
        factors[n + CAUSES.length] = models.lackOfMemory().probability(x);
        double proj = features.projectionS();
        factors[n + CAUSES.length + 1] = Double.isInfinite(proj) ? -1 : proj;
        factors[n + CAUSES.length + 2] = fragmentationSpare(x);
        return new Prediction(timeNs, confidence, cause, features.timeToExhaustionNs(), FACTOR_NAMES, factors);
    }

    /** One feature's share of a model's logit: {@code contribution = weight * value}. */
    public record Term(String feature, double value, double weight, double contribution) {}

    /**
     * Why a prediction came out as it did. For fragmentation and page-cache pressure: the logit of
     * the cause's model, {@code bias + sum of the terms}, with the terms sorted by absolute
     * contribution (largest first, ties by feature order); the probability is
     * {@code 1 / (1 + e^-logit)}. For lack of memory: {@code basis} says which bin of the hazard
     * table the projection fell in and how often such a projection came true in the fit; the terms
     * are then the learned score's, shown for comparison.
     */
    public record Explanation(
            CrashCause cause, double probability, double bias, double logit, List<Term> terms, String basis) {}

    /** Explains a prediction this predictor made (from the feature values it carries). */
    public Explanation explain(Prediction p) {
        CrashCause cause = CAUSES[0];
        double best = -1;
        for (CrashCause c : CAUSES) {
            double q = p.factor("p_" + c.name().toLowerCase(Locale.ROOT));
            if (q > best) {
                best = q;
                cause = c;
            }
        }
        LogisticModel m = models.of(cause);
        String basis = null;
        if (cause == CrashCause.LACK_OF_MEMORY) {
            double proj = p.factor("projection_s");
            ExhaustionHazard h = models.exhaustion();
            int bin = h.bin(proj < 0 ? Double.POSITIVE_INFINITY : proj);
            basis = String.format(
                    Locale.ROOT,
                    "%s; hazard bin %s: %.1f%% of %d fitted samples in it preceded an out-of-memory event within the horizon"
                            + " (learned score, not alarming: %.3f, terms below)",
                    proj < 0
                            ? "no trustworthy projection of exhaustion"
                            : String.format(Locale.ROOT, "exhaustion projected in %.1f s", proj),
                    h.binName(bin),
                    100 * h.rates()[bin],
                    h.counts()[bin],
                    p.factor("p_lack_of_memory_learned"));
        }
        if (cause == CrashCause.FRAGMENTATION) {
            double[] x = new double[CrashFeatures.NAMES.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = p.factor(CrashFeatures.NAMES.get(i));
            }
            ExhaustionHazard h = models.fragmentationHazard();
            double spare = CrashFeatures.spareRegions(x);
            int bin = h.bin(spare);
            basis = !CrashFeatures.demanded(x)
                    ? "no request needed compaction in the last 30 s: no spare-region risk"
                    : String.format(
                            Locale.ROOT,
                            "learned score %.3f (terms below); spare-region hazard %.3f: %.1f spare clean regions"
                                    + " of the demanded order %d, bin %s, where %.1f%% of %d fitted samples preceded a"
                                    + " fragmentation out-of-memory event within the horizon",
                            fragmentationLearned(x),
                            p.factor("p_fragmentation_spare"),
                            Math.min(spare, CrashFeatures.SPARE_SCALE),
                            Math.round(x[CrashFeatures.NAMES.indexOf("demanded_order")] * 11) - 1,
                            h.binName(bin).replace(" s", "").replace("none (or >= 16)", ">= 16 or none"),
                            100 * h.rates()[bin],
                            h.counts()[bin]);
        }
        List<Term> terms = new ArrayList<>();
        double logit = m.bias();
        for (int i = 0; i < CrashFeatures.NAMES.size(); i++) {
            double v = p.factor(CrashFeatures.NAMES.get(i)), w = m.weights()[i];
            terms.add(new Term(CrashFeatures.NAMES.get(i), v, w, v * w));
            logit += v * w;
        }
        terms.sort(java.util.Comparator.comparingDouble((Term t) -> -Math.abs(t.contribution())));
        return new Explanation(cause, best, m.bias(), logit, List.copyOf(terms), basis);
    }

    @Override
    public boolean projectsExhaustion() {
        return true;
    }

    @Override
    public void reset() {
        features.reset();
        Arrays.fill(probabilities, 0);
        timeNs = 0;
        confidence = 0;
        cause = CrashCause.NONE;
        observed = false;
    }
}
