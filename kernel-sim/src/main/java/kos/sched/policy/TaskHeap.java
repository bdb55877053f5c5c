package kos.sched.policy;

import java.util.Arrays;

/**
 * An indexed binary min-heap of task indices ordered by (primary key, secondary key, index), with
 * O(log n) insert, remove-min and removal of any member, allocating nothing once its arrays have
 * grown to the largest task index seen. The secondary key is usually an enqueue sequence number,
 * so equal primary keys come out first-in first-out: the stable tie-break the textbook examples
 * and deterministic runs need.
 */
public final class TaskHeap {
    private int[] heap = new int[64];
    private int[] pos = filled(64);
    private long[] k1 = new long[64], k2 = new long[64];
    private int size;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean contains(int task) {
        return task < pos.length && pos[task] >= 0;
    }

    /** The task with the smallest keys; undefined when empty. */
    public int peek() {
        return heap[0];
    }

    public long primary(int task) {
        return k1[task];
    }

    public long secondary(int task) {
        return k2[task];
    }

    /** Inserts {@code task}, which must not be present. */
    public void add(int task, long primary, long secondary) {
        ensure(task);
        if (pos[task] >= 0) {
            throw new IllegalStateException("task " + task + " is already queued");
        }
        k1[task] = primary;
        k2[task] = secondary;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = task;
        pos[task] = size;
        size++;
        up(size - 1);
    }

    /** Removes and returns the smallest; -1 when empty. */
    public int poll() {
        if (size == 0) {
            return -1;
        }
        int top = heap[0];
        removeAt(0);
        return top;
    }

    /** Removes {@code task} if present; returns whether it was. */
    public boolean remove(int task) {
        if (!contains(task)) {
            return false;
        }
        removeAt(pos[task]);
        return true;
    }

    /** The member at heap slot {@code i} (0..size-1), for scans that need no order. */
    public int at(int i) {
        return heap[i];
    }

    private void removeAt(int i) {
        int task = heap[i];
        pos[task] = -1;
        int last = --size;
        if (i != last) {
            int moved = heap[last];
            heap[i] = moved;
            pos[moved] = i;
            down(i);
            up(pos[moved]);
        }
    }

    private boolean less(int a, int b) {
        if (k1[a] != k1[b]) {
            return k1[a] < k1[b];
        }
        if (k2[a] != k2[b]) {
            return k2[a] < k2[b];
        }
        return a < b;
    }

    private void up(int i) {
        int t = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            int pt = heap[p];
            if (!less(t, pt)) {
                break;
            }
            heap[i] = pt;
            pos[pt] = i;
            i = p;
        }
        heap[i] = t;
        pos[t] = i;
    }

    private void down(int i) {
        int t = heap[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && less(heap[c + 1], heap[c])) {
                c++;
            }
            if (!less(heap[c], t)) {
                break;
            }
            heap[i] = heap[c];
            pos[heap[i]] = i;
            i = c;
        }
        heap[i] = t;
        pos[t] = i;
    }

    private void ensure(int task) {
        if (task >= pos.length) {
            int n = Math.max(task + 1, pos.length * 2);
            int old = pos.length;
            pos = Arrays.copyOf(pos, n);
            Arrays.fill(pos, old, n, -1);
            k1 = Arrays.copyOf(k1, n);
            k2 = Arrays.copyOf(k2, n);
        }
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }
}
