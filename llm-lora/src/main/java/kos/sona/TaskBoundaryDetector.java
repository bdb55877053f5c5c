package kos.sona;

import java.util.Arrays;

/**
 * Detects a change of task (workload) from a shift in the statistics of the decisions' features and outcomes. A
 * task is the mapping from what the model sees (a decision's {@code dim} features) to what it predicts (the
 * step's target), so a new task shows either as new features (covariate shift: a different class mix) or as new
 * outcomes for the same features (concept shift: the same jobs, but which ones are long has swapped). Per step the
 * detector tests {@code dim + 1} statistics: the features themselves, and the squared residual of the target
 * against a least-squares fit of the target on the features made on the current task ({@code min(r^2, clip^2)}: a
 * step that is 20 times off does not dominate the statistic).
 *
 * <p>Test: the mean of each statistic over the last {@code window} steps against its mean over the current task's
 * older steps, in units of their standard deviation: a boundary when for some statistic
 * {@code |window mean - task mean| / (task sd + floor) >= z} (the z-score 2.0; floor 0.05 keeps statistics
 * that never varied from firing on noise), at least {@code minGap} steps after the previous boundary. The task's
 * statistics and its fit take a step only once it has left the window, so the steps being tested never contaminate
 * the reference they are tested against (the first design, session 5, updated both with the same step and needed
 * z 1.5 to fire at all); the first {@code burn} steps of a task only train the fit, whose early residuals are large.
 * After a boundary everything restarts from the next step. The queue's own state (backlog, waiting times) is not a
 * statistic here: it wanders within a workload, and testing it gave spurious boundaries.
 *
 * <p>Allocation-free after construction; deterministic (double accumulators, fixed order, Cholesky in order).
 */
public final class TaskBoundaryDetector {
    /** Ridge of the per-task least-squares fit (its normal matrix starts at this times the identity). */
    static final double RIDGE = 1.0;

    private final int dim, stats, window, minGap, burn, p;
    private final double z, floor, clip2;
    private final double[] mean, m2, winSum, normal, rhs, chol, w;
    // the window: per slot the step's statistics, features (with the intercept) and target, and its time
    private final double[] ringStats, ringX, ringY;
    private final long[] ringT;
    private int ringPos, ringFill;
    private long steps, refCount, boundaries;
    private double lastZ;
    private long windowStartNs = Long.MIN_VALUE;

    /**
     * @param dim    features per step
     * @param window steps in the recent window
     * @param z      threshold (standard deviations)
     * @param floor  added to every standard deviation
     * @param minGap steps since the previous boundary before the next can fire (at least {@code 2 window})
     * @param burn   steps of a new task that only train its fit (0..minGap - window)
     * @param clip   largest residual counted (target units)
     */
    public TaskBoundaryDetector(int dim, int window, double z, double floor, int minGap, int burn, double clip) {
        if (dim < 1
                || window < 2
                || !(z > 0)
                || minGap < 2 * window
                || burn < 0
                || burn > minGap - window
                || !(clip > 0)) {
            throw new IllegalArgumentException(
                    "dim positive, window >= 2, z positive, minGap >= 2 window, burn in 0..minGap - window, clip > 0");
        }
        this.dim = dim;
        this.stats = dim + 1;
        this.window = window;
        this.z = z;
        this.floor = floor;
        this.minGap = minGap;
        this.burn = burn;
        this.clip2 = clip * clip;
        this.p = dim + 1;
        mean = new double[stats];
        m2 = new double[stats];
        winSum = new double[stats];
        normal = new double[p * p];
        rhs = new double[p];
        chol = new double[p * p];
        w = new double[p];
        ringStats = new double[window * stats];
        ringX = new double[window * p];
        ringY = new double[window];
        ringT = new long[window];
        restartTask();
    }

    /**
     * Observes one step at virtual time {@code nowNs}: {@code dim} features from {@code x[off]} and its target. True
     * when it completes a boundary.
     */
    public boolean observe(long nowNs, float[] x, int off, float target) {
        int slot = ringPos;
        if (ringFill == window) { // the oldest step leaves the window and joins the task's reference
            evict(slot);
        } else {
            ringFill++;
        }
        double pred = w[0];
        ringX[slot * p] = 1;
        for (int d = 0; d < dim; d++) {
            double v = x[off + d];
            ringX[slot * p + 1 + d] = v;
            pred += w[1 + d] * v;
            ringStats[slot * stats + d] = v;
        }
        double r = target - pred;
        ringStats[slot * stats + dim] = Math.min(r * r, clip2);
        ringY[slot] = target;
        ringT[slot] = nowNs;
        for (int s = 0; s < stats; s++) {
            winSum[s] += ringStats[slot * stats + s];
        }
        ringPos = (ringPos + 1) % window;
        steps++;
        if (steps < minGap || refCount < window || ringFill < window) {
            return false;
        }
        double worst = 0;
        for (int s = 0; s < stats; s++) {
            double sd = Math.sqrt(m2[s] / (refCount - 1));
            worst = Math.max(worst, Math.abs(winSum[s] / window - mean[s]) / (sd + floor));
        }
        lastZ = worst;
        if (worst < z) {
            return false;
        }
        windowStartNs = ringT[ringPos]; // the oldest step of the window: about where the change began
        boundaries++;
        restartTask();
        return true;
    }

    /** The step in ring slot {@code slot} joins the reference: the fit always, the statistics after the burn-in. */
    private void evict(int slot) {
        for (int i = 0; i < p; i++) {
            double xi = ringX[slot * p + i];
            rhs[i] += xi * ringY[slot];
            for (int j = 0; j < p; j++) {
                normal[i * p + j] += xi * ringX[slot * p + j];
            }
        }
        solve();
        if (steps - window >= burn) {
            refCount++;
            for (int s = 0; s < stats; s++) {
                double v = ringStats[slot * stats + s];
                double delta = v - mean[s];
                mean[s] += delta / refCount;
                m2[s] += delta * (v - mean[s]);
            }
        }
        for (int s = 0; s < stats; s++) {
            winSum[s] -= ringStats[slot * stats + s];
        }
    }

    /** w = normal^-1 rhs by Cholesky (the normal matrix is the ridge plus a sum of outer products: positive definite). */
    private void solve() {
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double s = normal[i * p + j];
                for (int k = 0; k < j; k++) {
                    s -= chol[i * p + k] * chol[j * p + k];
                }
                chol[i * p + j] = i == j ? Math.sqrt(Math.max(s, 1e-12)) : s / chol[j * p + j];
            }
        }
        for (int i = 0; i < p; i++) { // forward: L y = rhs
            double s = rhs[i];
            for (int k = 0; k < i; k++) {
                s -= chol[i * p + k] * w[k];
            }
            w[i] = s / chol[i * p + i];
        }
        for (int i = p - 1; i >= 0; i--) { // back: L^T w = y
            double s = w[i];
            for (int k = i + 1; k < p; k++) {
                s -= chol[k * p + i] * w[k];
            }
            w[i] = s / chol[i * p + i];
        }
    }

    /** A new task from the next step on: empty window, reference and fit. */
    private void restartTask() {
        steps = refCount = 0;
        ringPos = ringFill = 0;
        Arrays.fill(mean, 0);
        Arrays.fill(m2, 0);
        Arrays.fill(winSum, 0);
        Arrays.fill(normal, 0);
        Arrays.fill(rhs, 0);
        Arrays.fill(w, 0);
        for (int i = 0; i < p; i++) {
            normal[i * p + i] = RIDGE;
        }
    }

    /** Declares a boundary from outside (a recalled task was recognised): a new task from the next step on. */
    public void restart() {
        boundaries++;
        restartTask();
    }

    public long boundaries() {
        return boundaries;
    }

    /** The largest z of the last test (0 before the first). */
    public double lastZ() {
        return lastZ;
    }

    /** Virtual time of the oldest step in the window when the last boundary fired (Long.MIN_VALUE before one). */
    public long windowStartNs() {
        return windowStartNs;
    }

    public double threshold() {
        return z;
    }

    public void reset() {
        boundaries = 0;
        lastZ = 0;
        windowStartNs = Long.MIN_VALUE;
        restartTask();
    }
}
