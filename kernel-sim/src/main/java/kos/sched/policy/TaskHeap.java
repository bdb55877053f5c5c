package kos.sched.policy;

import java.util.Arrays;

/**
 * An indexed binary min-heap of task indices ordered by (primary key, secondary key, index), with
 * O(log n) insert, remove-min and removal of any member. The keys live beside the heap slots and a
 * member's slot is found through {@link TaskIndexedInts}, so the heap holds memory for its members,
 * not for every task index a long run has seen, and allocates nothing once its arrays have grown
 * to the largest size it reached (and a position page exists). The secondary key is usually an
 * enqueue sequence number, so equal primary keys come out first-in first-out: the stable tie-break
 * the textbook examples and deterministic runs need.
 */
public final class TaskHeap {
    private int[] heap = new int[64];
    private long[] k1 = new long[64], k2 = new long[64]; // keys of heap[slot]
    private final TaskIndexedInts pos = new TaskIndexedInts(-1);
    private int size;
    private int lastRemoved = -1;
    private long lastK1, lastK2;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean contains(int task) {
        return pos.get(task) >= 0;
    }

    /** The task with the smallest keys; undefined when empty. */
    public int peek() {
        return heap[0];
    }

    /** The primary key of a member, or of the task removed last. */
    public long primary(int task) {
        int p = pos.get(task);
        if (p >= 0) {
            return k1[p];
        }
        if (task == lastRemoved) {
            return lastK1;
        }
        throw new IllegalArgumentException("task " + task + " is not in the heap");
    }

    /** The secondary key of a member, or of the task removed last (to move it to another heap). */
    public long secondary(int task) {
        int p = pos.get(task);
        if (p >= 0) {
            return k2[p];
        }
        if (task == lastRemoved) {
            return lastK2;
        }
        throw new IllegalArgumentException("task " + task + " is not in the heap");
    }

    /** Inserts {@code task}, which must not be present. */
    public void add(int task, long primary, long secondary) {
        if (pos.get(task) >= 0) {
            throw new IllegalStateException("task " + task + " is already queued");
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
            k1 = Arrays.copyOf(k1, size * 2);
            k2 = Arrays.copyOf(k2, size * 2);
        }
        size++;
        up(size - 1, task, primary, secondary);
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
        int p = pos.get(task);
        if (p < 0) {
            return false;
        }
        removeAt(p);
        return true;
    }

    /** Pages of member positions held (tests). */
    int positionPages() {
        return pos.pages();
    }

    /** The member at heap slot {@code i} (0..size-1), for scans that need no order. */
    public int at(int i) {
        return heap[i];
    }

    private void removeAt(int i) {
        int task = heap[i];
        lastRemoved = task;
        lastK1 = k1[i];
        lastK2 = k2[i];
        pos.put(task, -1);
        int last = --size;
        if (i != last) {
            int moved = heap[last];
            long m1 = k1[last], m2 = k2[last];
            int at = down(i, moved, m1, m2);
            if (at == i) {
                up(i, moved, m1, m2);
            }
        }
    }

    private static boolean less(long a1, long a2, int a, long b1, long b2, int b) {
        if (a1 != b1) {
            return a1 < b1;
        }
        if (a2 != b2) {
            return a2 < b2;
        }
        return a < b;
    }

    private void place(int slot, int task, long key1, long key2) {
        heap[slot] = task;
        k1[slot] = key1;
        k2[slot] = key2;
        pos.put(task, slot);
    }

    /** Sifts (task, keys) up from slot {@code i}; returns where it lands. */
    private int up(int i, int t, long t1, long t2) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!less(t1, t2, t, k1[p], k2[p], heap[p])) {
                break;
            }
            place(i, heap[p], k1[p], k2[p]);
            i = p;
        }
        place(i, t, t1, t2);
        return i;
    }

    /** Sifts (task, keys) down from slot {@code i}; returns where it lands. */
    private int down(int i, int t, long t1, long t2) {
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && less(k1[c + 1], k2[c + 1], heap[c + 1], k1[c], k2[c], heap[c])) {
                c++;
            }
            if (!less(k1[c], k2[c], heap[c], t1, t2, t)) {
                break;
            }
            place(i, heap[c], k1[c], k2[c]);
            i = c;
        }
        place(i, t, t1, t2);
        return i;
    }
}
