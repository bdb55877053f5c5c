package kos.sched.policy;

/**
 * A first-in first-out list of task indices with O(1) add at either end, removal from the head
 * and removal of any member (an intrusive doubly linked list keyed by task index, in
 * {@link TaskIndexedInts} pages held only for the tasks in the list), so round-robin queues
 * allocate nothing per operation and hold memory for their members, not for every task seen.
 */
public final class TaskList {
    private static final int NONE = -1;
    // links and membership keyed by task index, held only for the tasks in the list
    private final TaskIndexedInts next = new TaskIndexedInts(NONE), prev = new TaskIndexedInts(NONE);
    private final TaskIndexedInts member = new TaskIndexedInts(0);
    private int head = NONE, tail = NONE, size;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean contains(int task) {
        return member.get(task) != 0;
    }

    /** The head, or -1. */
    public int peek() {
        return head;
    }

    public void addLast(int task) {
        ensureAbsent(task);
        prev.put(task, tail);
        next.put(task, NONE);
        if (tail == NONE) {
            head = task;
        } else {
            next.put(tail, task);
        }
        tail = task;
        member.put(task, 1);
        size++;
    }

    public void addFirst(int task) {
        ensureAbsent(task);
        next.put(task, head);
        prev.put(task, NONE);
        if (head == NONE) {
            tail = task;
        } else {
            prev.put(head, task);
        }
        head = task;
        member.put(task, 1);
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
        int p = prev.get(task), n = next.get(task);
        if (p == NONE) {
            head = n;
        } else {
            next.put(p, n);
        }
        if (n == NONE) {
            tail = p;
        } else {
            prev.put(n, p);
        }
        next.put(task, NONE);
        prev.put(task, NONE);
        member.put(task, 0);
        size--;
        return true;
    }

    /** The member after {@code task} in order, or -1 (iterate with {@code for (t = peek(); t >= 0; t = next(t))}). */
    public int next(int task) {
        return next.get(task);
    }

    /** Moves every member of {@code other}, in order, to the tail of this list. */
    public void appendAll(TaskList other) {
        for (int t = other.poll(); t >= 0; t = other.poll()) {
            addLast(t);
        }
    }

    /** Pages of links and membership held (tests). */
    int linkPages() {
        return next.pages() + prev.pages() + member.pages();
    }

    private void ensureAbsent(int task) {
        if (contains(task)) {
            throw new IllegalStateException("task " + task + " is already queued");
        }
    }
}
