package kos.sona;

import java.util.Arrays;

/**
 * Detects a change of task (workload) from a shift in the statistics of per-decision feature
 * vectors: the running mean and variance of the current task (Welford) against the mean of the
 * last {@code window} vectors. A boundary is declared when, for some dimension,
 * {@code |window mean - task mean| / (task sd + floor) >= z} (default z 2.0, floor 0.05 keeps
 * dimensions that never varied from firing on noise), and at least {@code minGap} vectors were seen
 * since the last boundary. After a boundary the task statistics restart from the next vector.
 * Allocation-free; deterministic (double accumulators, fixed order).
 */
public final class TaskBoundaryDetector {
    private final int dim, window, minGap;
    private final double z, floor;
    private final double[] mean, m2, winSum;
    private final float[] ring;
    private long count, boundaries;
    private int ringPos, ringFill;
    private double lastZ;

    public TaskBoundaryDetector(int dim, int window, double z, double floor, int minGap) {
        if (dim < 1 || window < 2 || !(z > 0) || minGap < window) {
            throw new IllegalArgumentException("dim positive, window >= 2, z positive, minGap >= window");
        }
        this.dim = dim;
        this.window = window;
        this.z = z;
        this.floor = floor;
        this.minGap = minGap;
        mean = new double[dim];
        m2 = new double[dim];
        winSum = new double[dim];
        ring = new float[window * dim];
    }

    /** Observes one vector ({@code dim} floats from {@code off}); true when it completes a boundary. */
    public boolean observe(float[] v, int off) {
        // window
        if (ringFill == window) {
            for (int d = 0; d < dim; d++) {
                winSum[d] -= ring[ringPos * dim + d];
            }
        } else {
            ringFill++;
        }
        for (int d = 0; d < dim; d++) {
            ring[ringPos * dim + d] = v[off + d];
            winSum[d] += v[off + d];
        }
        ringPos = (ringPos + 1) % window;
        boolean boundary = false;
        if (count >= minGap && ringFill == window) {
            double worst = 0;
            for (int d = 0; d < dim; d++) {
                double sd = Math.sqrt(m2[d] / Math.max(1, count - 1));
                double zd = Math.abs(winSum[d] / window - mean[d]) / (sd + floor);
                worst = Math.max(worst, zd);
            }
            lastZ = worst;
            boundary = worst >= z;
        }
        if (boundary) {
            boundaries++;
            count = 0;
            Arrays.fill(mean, 0);
            Arrays.fill(m2, 0);
            return true;
        }
        count++;
        for (int d = 0; d < dim; d++) {
            double x = v[off + d];
            double delta = x - mean[d];
            mean[d] += delta / count;
            m2[d] += delta * (x - mean[d]);
        }
        return false;
    }

    /**
     * Declares a boundary from outside (a recalled task was recognised): the task statistics restart from the next
     * vector, as after a detected boundary.
     */
    public void restart() {
        boundaries++;
        count = 0;
        Arrays.fill(mean, 0);
        Arrays.fill(m2, 0);
    }

    public long boundaries() {
        return boundaries;
    }

    /** The largest z of the last test (0 before the first). */
    public double lastZ() {
        return lastZ;
    }

    public double threshold() {
        return z;
    }

    public void reset() {
        count = boundaries = 0;
        ringPos = ringFill = 0;
        lastZ = 0;
        Arrays.fill(mean, 0);
        Arrays.fill(m2, 0);
        Arrays.fill(winSum, 0);
    }
}
