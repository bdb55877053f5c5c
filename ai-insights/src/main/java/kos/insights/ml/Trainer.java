package kos.insights.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import kos.ml.data.Dataset;
import kos.sim.KosException;
import kos.sim.SeedStream;

/**
 * Fits an {@link Mlp} to a {@link Dataset} with Adam: the last {@link TrainConfig#validation()}
 * share of every run's rows is held out, each epoch shuffles the rest with the config's seed,
 * and training stops when the validation loss has not improved for {@link TrainConfig#patience()}
 * epochs, returning the weights of the best epoch. Single-threaded plain arithmetic, so the same
 * data and config give the same weights bit for bit.
 */
public final class Trainer {
    /** Weight initialisation and each epoch's shuffle: the configuration's seed as given. */
    static final SeedStream INIT = SeedStream.given("ml.train");

    /** What training produced. */
    public record Result(
            Mlp model, List<EpochLog> epochs, int bestEpoch, boolean stoppedEarly, int trainRows, int valRows) {
        public EpochLog best() {
            return epochs.get(bestEpoch - 1);
        }
    }

    /** Scores one prediction against its label for the accuracy column (1 right, 0 wrong, or between). */
    @FunctionalInterface
    public interface Accuracy {
        double score(double[] x, double[] predicted, double[] label);
    }

    private Trainer() {}

    public static Result train(
            Dataset data,
            TrainConfig cfg,
            Mlp.Loss loss,
            Accuracy accuracy,
            Consumer<EpochLog> progress,
            java.util.function.BooleanSupplier interrupted) {
        boolean[] isVal = data.validationMask(cfg.validation());
        int[] train = indices(isVal, false), val = indices(isVal, true);
        if (train.length == 0 || val.length == 0) {
            throw new KosException(
                    "the dataset has " + data.size() + " rows: too few to hold out a validation share (collect more)");
        }
        int nIn = data.featureCount(), nOut = data.labelCount();
        Mlp m = new Mlp(data.features(), data.labels(), cfg.hidden(), loss);
        // standardise inputs (and, for regression, targets) with the training rows only
        double[] tMean = new double[nOut], tStd = new double[nOut];
        java.util.Arrays.fill(tStd, 1);
        for (int j = 0; j < nIn; j++) {
            double s = 0, s2 = 0;
            for (int i : train) {
                double v = data.x(i, j);
                s += v;
                s2 += v * v;
            }
            m.mean[j] = s / train.length;
            double var = s2 / train.length - m.mean[j] * m.mean[j];
            m.std[j] = var > 1e-12 ? Math.sqrt(var) : 1;
        }
        if (loss == Mlp.Loss.MSE) {
            for (int k = 0; k < nOut; k++) {
                double s = 0, s2 = 0;
                for (int i : train) {
                    double v = data.y(i, k);
                    s += v;
                    s2 += v * v;
                }
                tMean[k] = s / train.length;
                double var = s2 / train.length - tMean[k] * tMean[k];
                tStd[k] = var > 1e-12 ? Math.sqrt(var) : 1;
            }
        }
        SplittableRandom r = INIT.random(cfg.seed());
        int width = cfg.hidden() > 0 ? cfg.hidden() : nIn;
        init(m.w1, nIn, r);
        init(m.w2, width, r);
        double[][] x = new double[data.size()][];
        double[][] y = new double[data.size()][nOut];
        for (int i = 0; i < data.size(); i++) {
            x[i] = new double[nIn];
            for (int j = 0; j < nIn; j++) {
                x[i][j] = (data.x(i, j) - m.mean[j]) / m.std[j];
            }
            for (int k = 0; k < nOut; k++) {
                y[i][k] = (data.y(i, k) - tMean[k]) / tStd[k];
            }
        }
        Adam adam = new Adam(new double[][] {m.w1, m.b1, m.w2, m.b2}, cfg.learningRate());
        double[][] g = {
            new double[m.w1.length], new double[m.b1.length], new double[m.w2.length], new double[m.b2.length]
        };
        double[] pre = new double[Math.max(1, cfg.hidden())],
                act = new double[width],
                out = new double[nOut],
                dOut = new double[nOut];
        List<EpochLog> log = new ArrayList<>();
        Mlp.Weights best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        boolean early = false;
        for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
            long t0 = System.nanoTime();
            shuffle(train, r);
            double sum = 0;
            for (int start = 0; start < train.length; start += cfg.batch()) {
                int end = Math.min(train.length, start + cfg.batch());
                for (double[] gi : g) {
                    java.util.Arrays.fill(gi, 0);
                }
                for (int b = start; b < end; b++) {
                    int i = train[b];
                    sum += forward(m, x[i], pre, act, out, y[i], dOut);
                    backward(m, x[i], pre, act, dOut, g);
                }
                double scale = 1.0 / (end - start);
                for (double[] gi : g) {
                    for (int q = 0; q < gi.length; q++) {
                        gi[q] *= scale;
                    }
                }
                adam.step(g);
            }
            double vLoss = 0, vAcc = 0;
            Mlp snapshot = unscaled(m, tMean, tStd);
            double[] pred = new double[nOut], label = new double[nOut];
            for (int i : val) {
                vLoss += forward(m, x[i], pre, act, out, y[i], dOut);
                snapshot.predict(data.xs(i), pred);
                for (int k = 0; k < nOut; k++) {
                    label[k] = data.y(i, k);
                }
                vAcc += accuracy.score(data.xs(i), pred, label);
            }
            EpochLog e = new EpochLog(
                    epoch,
                    sum / train.length,
                    vLoss / val.length,
                    vAcc / val.length,
                    (System.nanoTime() - t0) / 1_000_000);
            log.add(e);
            progress.accept(e);
            if (e.valLoss() < bestLoss - 1e-12) {
                bestLoss = e.valLoss();
                bestEpoch = epoch;
                best = snapshot.weights();
            } else if (cfg.patience() > 0 && epoch - bestEpoch >= cfg.patience()) {
                early = epoch < cfg.epochs();
                break;
            }
            if (interrupted.getAsBoolean()) {
                break;
            }
        }
        return new Result(Mlp.of(best), log, bestEpoch, early, train.length, val.length);
    }

    /** The model on the original target scale: folds the target standardisation into the output layer. */
    private static Mlp unscaled(Mlp m, double[] tMean, double[] tStd) {
        Mlp c = m.copy();
        int width = m.hidden > 0 ? m.hidden : m.in;
        for (int k = 0; k < m.out; k++) {
            for (int j = 0; j < width; j++) {
                c.w2[k * width + j] *= tStd[k];
            }
            c.b2[k] = c.b2[k] * tStd[k] + tMean[k];
        }
        return c;
    }

    /** Forward pass on standardised {@code z}; returns the loss and leaves dLoss/dOutput in {@code dOut}. */
    private static double forward(
            Mlp m, double[] z, double[] pre, double[] act, double[] out, double[] target, double[] dOut) {
        double[] last = z;
        int width = m.in;
        if (m.hidden > 0) {
            for (int j = 0; j < m.hidden; j++) {
                double s = m.b1[j];
                for (int i = 0; i < m.in; i++) {
                    s += m.w1[j * m.in + i] * z[i];
                }
                pre[j] = s;
                act[j] = Mlp.act(s);
            }
            last = act;
            width = m.hidden;
        }
        double loss = 0;
        for (int k = 0; k < m.out; k++) {
            double s = m.b2[k];
            for (int j = 0; j < width; j++) {
                s += m.w2[k * width + j] * last[j];
            }
            if (m.loss == Mlp.Loss.LOGISTIC) {
                double p = 1 / (1 + StrictMath.exp(-s));
                double pc = Math.min(1 - 1e-12, Math.max(1e-12, p));
                loss -= target[k] * StrictMath.log(pc) + (1 - target[k]) * StrictMath.log(1 - pc);
                dOut[k] = p - target[k];
            } else {
                double d = s - target[k];
                loss += 0.5 * d * d;
                dOut[k] = d;
            }
            out[k] = s;
        }
        return loss / m.out;
    }

    private static void backward(Mlp m, double[] z, double[] pre, double[] act, double[] dOut, double[][] g) {
        int width = m.hidden > 0 ? m.hidden : m.in;
        double[] last = m.hidden > 0 ? act : z;
        for (int k = 0; k < m.out; k++) {
            double d = dOut[k] / m.out;
            g[3][k] += d;
            for (int j = 0; j < width; j++) {
                g[2][k * width + j] += d * last[j];
            }
        }
        if (m.hidden == 0) {
            return;
        }
        for (int j = 0; j < m.hidden; j++) {
            double s = 0;
            for (int k = 0; k < m.out; k++) {
                s += dOut[k] / m.out * m.w2[k * width + j];
            }
            double dPre = s * Mlp.actGrad(pre[j]);
            if (dPre == 0) {
                continue;
            }
            g[1][j] += dPre;
            for (int i = 0; i < m.in; i++) {
                g[0][j * m.in + i] += dPre * z[i];
            }
        }
    }

    private static void init(double[] w, int fanIn, SplittableRandom r) {
        double bound = Math.sqrt(6.0 / Math.max(1, fanIn)) / 2;
        for (int i = 0; i < w.length; i++) {
            w[i] = (2 * r.nextDouble() - 1) * bound;
        }
    }

    private static int[] indices(boolean[] mask, boolean want) {
        int n = 0;
        for (boolean b : mask) {
            n += b == want ? 1 : 0;
        }
        int[] out = new int[n];
        for (int i = 0, k = 0; i < mask.length; i++) {
            if (mask[i] == want) {
                out[k++] = i;
            }
        }
        return out;
    }

    private static void shuffle(int[] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Adam over a few flat parameter arrays (double precision: these models are tiny). */
    private static final class Adam {
        private final double[][] params, m, v;
        private final double lr;
        private int t;

        Adam(double[][] params, double lr) {
            this.params = params;
            this.lr = lr;
            this.m = new double[params.length][];
            this.v = new double[params.length][];
            for (int i = 0; i < params.length; i++) {
                m[i] = new double[params[i].length];
                v[i] = new double[params[i].length];
            }
        }

        void step(double[][] g) {
            t++;
            double c1 = 1 - StrictMath.pow(0.9, t), c2 = 1 - StrictMath.pow(0.999, t);
            for (int a = 0; a < params.length; a++) {
                for (int i = 0; i < params[a].length; i++) {
                    m[a][i] = 0.9 * m[a][i] + 0.1 * g[a][i];
                    v[a][i] = 0.999 * v[a][i] + 0.001 * g[a][i] * g[a][i];
                    params[a][i] -= lr * (m[a][i] / c1) / (Math.sqrt(v[a][i] / c2) + 1e-8);
                }
            }
        }
    }
}
