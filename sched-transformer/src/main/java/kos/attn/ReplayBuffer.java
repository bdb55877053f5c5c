package kos.attn;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A bounded ring of training samples. A sample is one decision's view of a task: the feature rows
 * of the run queue with that task in row 0 (at most {@link #maxRows} rows), the model's
 * prediction at the time, and, once the task's CPU burst ends, the observed target. Writing a new
 * sample overwrites the oldest; a pending sample whose slot was reused is simply lost (its
 * {@link #generation} no longer matches).
 */
final class ReplayBuffer {
    private final int capacity, maxRows, f;
    private final float[] rows;
    private final int[] count;
    private final float[] predicted, target;
    private final long[] generation;
    private long written;
    private int resolved;

    ReplayBuffer(int capacity, int maxRows, int features) {
        this.capacity = capacity;
        this.maxRows = maxRows;
        this.f = features;
        this.rows = new float[capacity * maxRows * features];
        this.count = new int[capacity];
        this.predicted = new float[capacity];
        this.target = new float[capacity];
        this.generation = new long[capacity];
        Arrays.fill(target, Float.NaN);
        Arrays.fill(generation, -1);
    }

    int capacity() {
        return capacity;
    }

    int maxRows() {
        return maxRows;
    }

    /**
     * Stores a pending sample: the run queue's features {@code x} ({@code n} rows of
     * {@code features} floats), the task of row {@code self} first, then the others in order up
     * to {@link #maxRows}. Returns the sample's generation (its ticket for {@link #resolve}).
     */
    long add(float[] x, int n, int self, float prediction) {
        int slot = (int) (written % capacity);
        if (!Float.isNaN(target[slot]) && generation[slot] >= 0) {
            resolved--;
        }
        int base = slot * maxRows * f;
        System.arraycopy(x, self * f, rows, base, f);
        int r = 1;
        for (int i = 0; i < n && r < maxRows; i++) {
            if (i != self) {
                System.arraycopy(x, i * f, rows, base + r * f, f);
                r++;
            }
        }
        count[slot] = r;
        predicted[slot] = prediction;
        target[slot] = Float.NaN;
        generation[slot] = written;
        return written++;
    }

    /** Sets the target of sample {@code gen} if it is still stored; returns its prediction, or NaN if it was overwritten. */
    float resolve(long gen, float y) {
        if (gen < 0) {
            return Float.NaN;
        }
        int slot = (int) (gen % capacity);
        if (generation[slot] != gen || !Float.isNaN(target[slot])) {
            return Float.NaN;
        }
        target[slot] = y;
        resolved++;
        return predicted[slot];
    }

    /** Samples with a target. */
    int resolved() {
        return resolved;
    }

    /** A stored slot chosen uniformly from {@code random} among the resolved ones (by rejection), or -1 if none. */
    int sample(SplittableRandom random) {
        if (resolved == 0) {
            return -1;
        }
        int filled = (int) Math.min(written, capacity);
        for (int attempt = 0; attempt < 64; attempt++) {
            int s = random.nextInt(filled);
            if (!Float.isNaN(target[s])) {
                return s;
            }
        }
        for (int s = 0; s < filled; s++) {
            if (!Float.isNaN(target[s])) {
                return s;
            }
        }
        return -1;
    }

    int rows(int slot) {
        return count[slot];
    }

    float target(int slot) {
        return target[slot];
    }

    /** Copies the sample's rows into {@code x} (row 0 is the task the target belongs to). */
    void copyRows(int slot, float[] x) {
        System.arraycopy(rows, slot * maxRows * f, x, 0, count[slot] * f);
    }

    void clear() {
        Arrays.fill(target, Float.NaN);
        Arrays.fill(generation, -1);
        written = 0;
        resolved = 0;
    }

    /** The resolved samples, oldest first, as independent copies. */
    java.util.List<Example> resolvedExamples() {
        java.util.List<long[]> order = new java.util.ArrayList<>();
        for (int slot = 0; slot < capacity; slot++) {
            if (generation[slot] >= 0 && !Float.isNaN(target[slot])) {
                order.add(new long[] {generation[slot], slot});
            }
        }
        order.sort(java.util.Comparator.comparingLong(a -> a[0]));
        java.util.List<Example> out = new java.util.ArrayList<>(order.size());
        for (long[] o : order) {
            int slot = (int) o[1];
            int base = slot * maxRows * f;
            out.add(new Example(Arrays.copyOfRange(rows, base, base + count[slot] * f), count[slot], target[slot]));
        }
        return out;
    }
}
