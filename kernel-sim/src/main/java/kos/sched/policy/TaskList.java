package kos.sched.policy;

import java.util.Arrays;

/**
 * A first-in first-out list of task indices with O(1) add at either end, removal from the head
 * and removal of any member (an intrusive doubly linked list in arrays keyed by task index), so
 * round-robin queues allocate nothing per operation.
 */
public final class TaskList {
    private static final int NONE = -1;
    private int[] next = filled(64), prev = filled(64);
    private boolean[] member = new boolean[64];
    private int head = NONE, tail = NONE, size;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean contains(int task) {
        return task < member.length && member[task];
    }

    /** The head, or -1. */
    public int peek() {
        return head;
    }

    public void addLast(int task) {
        ensureAbsent(task);
        prev[task] = tail;
        next[task] = NONE;
        if (tail == NONE) {
            head = task;
        } else {
            next[tail] = task;
        }
        tail = task;
        member[task] = true;
        size++;
    }

    public void addFirst(int task) {
        ensureAbsent(task);
        next[task] = head;
        prev[task] = NONE;
        if (head == NONE) {
            tail = task;
        } else {
            prev[head] = task;
        }
        head = task;
        member[task] = true;
        size++;
    }

    /** Removes and returns the head, or -1 when empty. */
    public int poll() {
        int h = head;
        if (h != NONE) {
            remove(h);
        }
        return h;
    }

    public boolean remove(int task) {
        if (!contains(task)) {
            return false;
        }
        int p = prev[task], n = next[task];
        if (p == NONE) {
            head = n;
        } else {
            next[p] = n;
        }
        if (n == NONE) {
            tail = p;
        } else {
            prev[n] = p;
        }
        member[task] = false;
        size--;
        return true;
    }

    /** The member after {@code task} in order, or -1 (iterate with {@code for (t = peek(); t >= 0; t = next(t))}). */
    public int next(int task) {
        return next[task];
    }

    /** Moves every member of {@code other}, in order, to the tail of this list. */
    public void appendAll(TaskList other) {
        for (int t = other.poll(); t >= 0; t = other.poll()) {
            addLast(t);
        }
    }

    private void ensureAbsent(int task) {
        if (task >= member.length) {
            int n = Math.max(task + 1, member.length * 2);
            int old = next.length;
            next = Arrays.copyOf(next, n);
            prev = Arrays.copyOf(prev, n);
            Arrays.fill(next, old, n, NONE);
            Arrays.fill(prev, old, n, NONE);
            member = Arrays.copyOf(member, n);
        }
        if (member[task]) {
            throw new IllegalStateException("task " + task + " is already queued");
        }
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, NONE);
        return a;
    }
}
