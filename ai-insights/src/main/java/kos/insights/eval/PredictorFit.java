package kos.insights.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import kos.insights.crash.CrashFeatures;
import kos.insights.crash.ExhaustionHazard;
import kos.insights.crash.KosPredictor;
import kos.insights.crash.LogisticFit;
import kos.insights.crash.LogisticModel;
import kos.insights.crash.Prediction;

/**
 * Fits kos's per-cause models on recorded training runs: each sample's features are labelled 1 for
 * a cause's model when its run crashed of that cause within the horizon after the sample, else 0;
 * one logistic model per cause is fitted on the class-balanced log loss and its bias shifted back
 * by the log prior odds, so the output is a probability. {@code crashctl fit} fits on every scenario;
 * leave-one-family-out evaluation fits once per family on the others' runs.
 */
public final class PredictorFit {
    /** Adam steps and step size of the fit. */
    public static final int STEPS = 1500;

    public static final double STEP_SIZE = 0.05, L2 = 1e-4;

    private PredictorFit() {}

    /** One sample of a training run: its time and its feature values ({@link CrashFeatures#NAMES}). */
    public record Sample(long timeNs, double[] x) {
        /** The features a prediction carries. */
        public static Sample of(Prediction p) {
            double[] x = new double[CrashFeatures.NAMES.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = p.factor(CrashFeatures.NAMES.get(i));
            }
            return new Sample(p.timeNs(), x);
        }
    }

    /** A recorded training run (actions off) and its samples. */
    public record Recording(EvalRun run, List<Sample> samples) {}

    /** The fitted models and how many samples and positives they saw. */
    public record Result(
            KosPredictor.Models models,
            int runs,
            int samples,
            long lackOfMemoryPositives,
            long fragmentationPositives) {}

    /** Fits on the recordings that {@code use} accepts (failed runs are skipped). */
    public static Result fit(List<Recording> recordings, long horizonNs, Predicate<EvalRun> use) {
        List<double[]> xs = new ArrayList<>();
        List<int[]> ys = new ArrayList<>();
        int runs = 0;
        for (Recording rec : recordings) {
            EvalRun r = rec.run();
            if (!r.ok() || !use.test(r)) {
                continue;
            }
            runs++;
            for (Sample s : rec.samples()) {
                boolean soon = r.crashed() && s.timeNs() <= r.crashNs() && r.crashNs() - s.timeNs() <= horizonNs;
                xs.add(s.x());
                ys.add(new int[] {
                    soon && "oom-lack-of-memory".equals(r.crashCause()) ? 1 : 0,
                    soon && "oom-fragmentation".equals(r.crashCause()) ? 1 : 0
                });
            }
        }
        if (xs.isEmpty()) {
            throw new kos.sim.KosException(
                    "no samples recorded: do the scenarios create memory and run the simulation?");
        }
        double[][] x = xs.toArray(double[][]::new);
        LogisticModel lom = fitOne(x, ys, 0), frag = fitGated(x, ys);
        List<double[]> hazard = new ArrayList<>(x.length);
        int proj = CrashFeatures.NAMES.indexOf("projected");
        for (int i = 0; i < x.length; i++) {
            double v = x[i][proj];
            hazard.add(
                    new double[] {v > 0 ? CrashFeatures.TTE_SCALE_S * (1 - v) : Double.POSITIVE_INFINITY, ys.get(i)[0]
                    });
        }
        // The fragmentation hazard: on the samples with high-order demand, how often each count of
        // spare clean regions of the demanded order was followed by a fragmentation OOM.
        List<double[]> spare = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (CrashFeatures.demanded(x[i])) {
                spare.add(new double[] {CrashFeatures.spareRegions(x[i]), ys.get(i)[1]});
            }
        }
        KosPredictor.Models models = new KosPredictor.Models(
                lom,
                frag,
                KosPredictor.Models.defaults().pageCachePressure(),
                ExhaustionHazard.fit(hazard),
                spare.isEmpty()
                        ? ExhaustionHazard.fragmentationDefaults()
                        : ExhaustionHazard.fit(spare, ExhaustionHazard.SPARE_EDGES));
        return new Result(
                models,
                runs,
                x.length,
                ys.stream().filter(y -> y[0] == 1).count(),
                ys.stream().filter(y -> y[1] == 1).count());
    }

    /**
     * The fragmentation model on the samples its gate lets through ({@link KosPredictor#fragmentationGateOpen}):
     * it only ever scores those, so its probability is the crash rate among them.
     */
    private static LogisticModel fitGated(double[][] x, List<int[]> ys) {
        List<double[]> gx = new ArrayList<>();
        List<int[]> gy = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (KosPredictor.fragmentationGateOpen(x[i])) {
                gx.add(x[i]);
                gy.add(ys.get(i));
            }
        }
        return gx.isEmpty()
                ? KosPredictor.Models.defaults().fragmentation()
                : fitOne(gx.toArray(double[][]::new), gy, 1);
    }

    private static LogisticModel fitOne(double[][] x, List<int[]> ys, int which) {
        int[] y = ys.stream().mapToInt(a -> a[which]).toArray();
        long pos = IntStream.of(y).filter(v -> v == 1).count();
        // Weight positives so both classes count equally in the loss, then the probabilities are
        // rescaled back by the prior: logit shift of log(pos / neg).
        double w = pos == 0 ? 1 : (y.length - pos) / (double) pos;
        LogisticModel m = LogisticFit.fit(CrashFeatures.NAMES, x, y, w, L2, STEPS, STEP_SIZE);
        double shift = pos == 0 ? 0 : Math.log(pos / (double) (y.length - pos));
        return new LogisticModel(m.features(), m.weights(), m.bias() + shift);
    }
}
