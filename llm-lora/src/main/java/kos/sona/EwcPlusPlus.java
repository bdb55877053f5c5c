package kos.sona;

import java.util.Arrays;
import kos.sim.KosException;

/**
 * EWC++ over a flat parameter vector of {@link #size()} floats: an online diagonal Fisher estimate
 * {@code F = decay F + (1 - decay) g^2} from every gradient seen ({@link #observe}), and up to
 * {@link #maxTasks()} remembered tasks, each the parameters at its end and its Fisher normalised to
 * a maximum of 1 ({@link #rememberTask}; the oldest is forgotten beyond the limit).
 *
 * <p>The penalty is {@code lambda/2 sum_t sum_i F_t,i (theta_i - theta*_t,i)^2}. Updates take it in
 * closed form ({@link #proximalStep}): {@code theta = (theta - lr g + lr lambda sum_t F_t theta*_t) /
 * (1 + lr lambda sum_t F_t)}, the exact minimiser of the linearised loss plus the penalty, so the
 * step is stable for any lambda and learning rate (a plain gradient step on the penalty diverges
 * once {@code lr lambda F > 2}). With lambda 0 it is plain SGD.
 */
public final class EwcPlusPlus {
    /** The lambda range users may set. */
    public static final double MIN_LAMBDA = 100, MAX_LAMBDA = 15_000;

    private final int size, maxTasks;
    private final float decay;
    private float lambda;
    private final float[] fisher;
    private final float[][] anchors, importance;
    private final float[] sumF, sumFTheta;
    private int tasks, next;
    private long observed, remembered;

    public EwcPlusPlus(int size, float lambda, float decay, int maxTasks) {
        if (size < 1 || maxTasks < 1 || !(decay > 0 && decay < 1)) {
            throw new KosException("EWC++: size and task count positive, decay in (0, 1)");
        }
        checkLambda(lambda);
        this.size = size;
        this.lambda = lambda;
        this.decay = decay;
        this.maxTasks = maxTasks;
        fisher = new float[size];
        anchors = new float[maxTasks][size];
        importance = new float[maxTasks][size];
        sumF = new float[size];
        sumFTheta = new float[size];
    }

    /** Accepts 0 (EWC++ off) or a value in [100, 15000]; anything else is one clear line. */
    public static void checkLambda(double lambda) {
        if (!(lambda == 0 || (lambda >= MIN_LAMBDA && lambda <= MAX_LAMBDA))) {
            throw new KosException("EWC++ lambda must be 0 (off) or in 100..15000, got " + lambda);
        }
    }

    /** Folds one gradient ({@code size} floats from {@code off}) into the online Fisher. */
    public void observe(float[] g, int off) {
        float keep = decay, add = 1 - decay;
        for (int i = 0; i < size; i++) {
            float v = g[off + i];
            fisher[i] = keep * fisher[i] + add * v * v;
        }
        observed++;
    }

    /** Remembers the end of a task: its parameters and its normalised Fisher (the next slot, oldest forgotten). */
    public void rememberTask(float[] theta) {
        rememberTask(next, theta, 0, fisher);
    }

    /**
     * Remembers a task in slot {@code slot} (0..{@link #maxTasks()}-1; an occupied slot is replaced, a new one must be
     * the next free one): the parameters {@code theta[off .. off+size)} and the Fisher {@code f} (an earlier copy of
     * {@link #fisher()}, e.g. from before the task's end was detected), normalised to a maximum of 1.
     */
    public void rememberTask(int slot, float[] theta, int off, float[] f) {
        if (slot < 0 || slot >= maxTasks || slot > tasks) {
            throw new IllegalArgumentException("EWC++: slot " + slot + " of " + tasks + " tasks");
        }
        float max = 0;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, f[i]);
        }
        float[] anchor = anchors[slot], imp = importance[slot];
        System.arraycopy(theta, off, anchor, 0, size);
        for (int i = 0; i < size; i++) {
            imp[i] = max > 0 ? f[i] / max : 0f;
        }
        if (slot == tasks && tasks < maxTasks) {
            tasks++;
        }
        next = (slot + 1) % maxTasks;
        remembered++;
        recomputeSums();
    }

    /** The online Fisher itself (read it, do not change it). */
    public float[] fisher() {
        return fisher;
    }

    private void recomputeSums() {
        Arrays.fill(sumF, 0f);
        Arrays.fill(sumFTheta, 0f);
        for (int t = 0; t < tasks; t++) {
            for (int i = 0; i < size; i++) {
                sumF[i] += importance[t][i];
                sumFTheta[i] += importance[t][i] * anchors[t][i];
            }
        }
    }

    /** One update of theta with gradient g (both {@code size} floats) under the penalty. */
    public void proximalStep(float[] theta, float[] g, float lr) {
        float ll = lr * lambda;
        for (int i = 0; i < size; i++) {
            theta[i] = (theta[i] - lr * g[i] + ll * sumFTheta[i]) / (1 + ll * sumF[i]);
        }
    }

    /** The penalty's value at theta. */
    public double penalty(float[] theta) {
        double s = 0;
        for (int t = 0; t < tasks; t++) {
            for (int i = 0; i < size; i++) {
                double d = theta[i] - anchors[t][i];
                s += importance[t][i] * d * d;
            }
        }
        return 0.5 * lambda * s;
    }

    public void lambda(float l) {
        checkLambda(l);
        lambda = l;
    }

    public float lambda() {
        return lambda;
    }

    public float decay() {
        return decay;
    }

    public int size() {
        return size;
    }

    public int maxTasks() {
        return maxTasks;
    }

    /** Tasks currently remembered (at most {@link #maxTasks()}). */
    public int tasks() {
        return tasks;
    }

    /** Task boundaries seen in all (including forgotten ones). */
    public long remembered() {
        return remembered;
    }

    public long observed() {
        return observed;
    }

    /** Mean of the online Fisher (diagnostics). */
    public double meanFisher() {
        double s = 0;
        for (float f : fisher) {
            s += f;
        }
        return s / size;
    }

    public void reset() {
        Arrays.fill(fisher, 0f);
        tasks = next = 0;
        observed = remembered = 0;
        recomputeSums();
    }
}
