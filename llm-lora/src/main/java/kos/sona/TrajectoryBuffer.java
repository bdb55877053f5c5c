package kos.sona;

import kos.sim.KosException;

import java.util.Arrays;

/**
 * A bounded, allocation-free buffer of decision trajectory steps. Each step holds up to
 * {@link #maxRows()} rows of {@link #width()} features (the decision's inputs, the chosen row first),
 * the row count, the model's prediction for the chosen row, the observed target, a reward, an
 * embedding of {@link #embeddingDim()} floats (the step's workload summary) and its virtual time.
 *
 * <p>Steps are appended by {@link #record} until the buffer is full; after that new steps are
 * <em>dropped</em> and counted ({@link #dropped()}), never overwriting older ones, so what the next
 * drain sees is the oldest unconsumed history. {@link #clear()} (Loop B, after it consumed the steps)
 * empties it. All storage is allocated at construction; {@code record} copies floats only.
 */
public final class TrajectoryBuffer {
    private final int capacity, width, maxRows, embDim;
    private final float[] rows, emb, prediction, target, reward;
    private final int[] rowCount;
    private final long[] timeNs;
    private int size;
    private long recorded, dropped;

    /**
     * @param capacity steps held (1..1,048,576)
     * @param width    features per row
     * @param maxRows  rows per step at most
     * @param embDim   embedding floats per step
     */
    public TrajectoryBuffer(int capacity, int width, int maxRows, int embDim) {
        if (capacity < 1 || capacity > 1 << 20 || width < 1 || maxRows < 1 || embDim < 1) {
            throw new KosException("trajectory buffer: capacity 1..1048576, width, rows and embedding positive (got "
                    + capacity + ", " + width + ", " + maxRows + ", " + embDim + ")");
        }
        this.capacity = capacity;
        this.width = width;
        this.maxRows = maxRows;
        this.embDim = embDim;
        rows = new float[capacity * width * maxRows];
        emb = new float[capacity * embDim];
        prediction = new float[capacity];
        target = new float[capacity];
        reward = new float[capacity];
        rowCount = new int[capacity];
        timeNs = new long[capacity];
    }

    /**
     * Appends one step; returns false (and counts a drop) when full.
     *
     * @param x     {@code n * width} floats from {@code xOff}, row-major, the chosen row first
     * @param n     rows (clipped to {@link #maxRows()})
     * @param e     {@link #embeddingDim()} floats from {@code eOff}
     */
    public boolean record(long nowNs, float[] x, int xOff, int n, float predicted, float observed, float r, float[] e,
            int eOff) {
        if (size == capacity) {
            dropped++;
            return false;
        }
        int m = Math.min(n, maxRows);
        int s = size++;
        System.arraycopy(x, xOff, rows, s * width * maxRows, m * width);
        System.arraycopy(e, eOff, emb, s * embDim, embDim);
        rowCount[s] = m;
        prediction[s] = predicted;
        target[s] = observed;
        reward[s] = r;
        timeNs[s] = nowNs;
        recorded++;
        return true;
    }

    /** Empties the buffer (the counters stay). */
    public void clear() {
        size = 0;
    }

    /** Empties the buffer and zeroes the counters. */
    public void reset() {
        size = 0;
        recorded = dropped = 0;
        Arrays.fill(rowCount, 0);
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public int width() {
        return width;
    }

    public int maxRows() {
        return maxRows;
    }

    public int embeddingDim() {
        return embDim;
    }

    /** Steps accepted since construction or {@link #reset}. */
    public long recorded() {
        return recorded;
    }

    /** Steps refused because the buffer was full. */
    public long dropped() {
        return dropped;
    }

    public int rows(int step) {
        return rowCount[check(step)];
    }

    /** Copies step {@code step}'s rows into {@code out} from offset 0. */
    public void copyRows(int step, float[] out) {
        System.arraycopy(rows, check(step) * width * maxRows, out, 0, rowCount[step] * width);
    }

    /** The raw embedding array; step {@code s}'s embedding starts at {@link #embeddingOffset}. */
    public float[] embeddings() {
        return emb;
    }

    public int embeddingOffset(int step) {
        return check(step) * embDim;
    }

    public float prediction(int step) {
        return prediction[check(step)];
    }

    public float target(int step) {
        return target[check(step)];
    }

    public float reward(int step) {
        return reward[check(step)];
    }

    public long timeNs(int step) {
        return timeNs[check(step)];
    }

    private int check(int step) {
        if (step < 0 || step >= size) {
            throw new IndexOutOfBoundsException("step " + step + " of " + size);
        }
        return step;
    }
}
