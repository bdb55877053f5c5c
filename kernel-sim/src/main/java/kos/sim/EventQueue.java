package kos.sim;

import java.util.Arrays;

/**
 * A binary min-heap of pending events ordered by (time, sequence number). The sequence number is
 * assigned at insertion and strictly increases, so events at the same virtual time fire in the
 * order they were scheduled: the tie-break that makes runs reproducible.
 *
 * <p>Entries live in parallel arrays, so offering and polling allocate nothing once the arrays
 * have grown to the run's peak size.
 */
public final class EventQueue {
    private long[] times = new long[256];
    private long[] seqs = new long[256];
    private EventTarget[] targets = new EventTarget[256];
    private int[] kinds = new int[256];
    private long[] args = new long[256];
    private int size;
    private long nextSeq;

    /**
     * Adds an event.
     *
     * @return its sequence number, unique for this queue
     */
    public long offer(long timeNs, EventTarget target, int kind, long arg) {
        if (size == times.length) {
            grow();
        }
        long seq = nextSeq++;
        int i = size++;
        // Sift up: move parents down until the slot for the new entry is found.
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(timeNs, seq, times[parent], seqs[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, timeNs, seq, target, kind, arg);
        return seq;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    /** Time of the earliest event; undefined when empty. */
    public long peekTime() {
        return times[0];
    }

    public EventTarget peekTarget() {
        return targets[0];
    }

    public int peekKind() {
        return kinds[0];
    }

    public long peekArg() {
        return args[0];
    }

    /** Removes the earliest event (read it first with the peek methods). */
    public void removeFirst() {
        int last = --size;
        long t = times[last], s = seqs[last], a = args[last];
        EventTarget target = targets[last];
        int k = kinds[last];
        targets[last] = null;
        if (last == 0) {
            return;
        }
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) {
                break;
            }
            if (child + 1 < last && less(times[child + 1], seqs[child + 1], times[child], seqs[child])) {
                child++;
            }
            if (!less(times[child], seqs[child], t, s)) {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, t, s, target, k, a);
    }

    /** Drops every pending event. */
    public void clear() {
        Arrays.fill(targets, 0, size, null);
        size = 0;
    }

    private static boolean less(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    private void move(int from, int to) {
        set(to, times[from], seqs[from], targets[from], kinds[from], args[from]);
    }

    private void set(int i, long t, long s, EventTarget target, int kind, long arg) {
        times[i] = t;
        seqs[i] = s;
        targets[i] = target;
        kinds[i] = kind;
        args[i] = arg;
    }

    private void grow() {
        int n = times.length * 2;
        times = Arrays.copyOf(times, n);
        seqs = Arrays.copyOf(seqs, n);
        targets = Arrays.copyOf(targets, n);
        kinds = Arrays.copyOf(kinds, n);
        args = Arrays.copyOf(args, n);
    }
}
