package kos.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The scheduler's tasks by spawn index, holding only those not yet retired: slots in chunks of
 * {@value #CHUNK}, a chunk released once every task in it has been retired. Looking a task up by
 * index (events and policies do, on the hot path) is two array reads and allocates nothing; what
 * a long run keeps grows by one reference and one int per {@value #CHUNK} tasks spawned, not per task.
 */
final class TaskTable {
    static final int CHUNK = 1024;
    private static final int SHIFT = 10, MASK = CHUNK - 1;

    private Task[][] chunks = new Task[8][];
    private int[] present = new int[8];
    private int spawned, retained;

    /** Adds the next task; its index must be {@link #spawned()}. */
    void add(Task t) {
        if (t.index != spawned) {
            throw new IllegalStateException("task index " + t.index + " is not the next one (" + spawned + ")");
        }
        int c = spawned >>> SHIFT;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, c * 2);
            present = Arrays.copyOf(present, c * 2);
        }
        if (chunks[c] == null) {
            chunks[c] = new Task[CHUNK];
        }
        chunks[c][spawned & MASK] = t;
        present[c]++;
        spawned++;
        retained++;
    }

    /** The task with this index, or null if it was retired (or never spawned). */
    Task get(int index) {
        if (index < 0 || index >= spawned) {
            return null;
        }
        Task[] chunk = chunks[index >>> SHIFT];
        return chunk == null ? null : chunk[index & MASK];
    }

    /** Forgets the task with this index (a no-op if it is not held). */
    void retire(int index) {
        if (get(index) == null) {
            return;
        }
        int c = index >>> SHIFT;
        chunks[c][index & MASK] = null;
        retained--;
        if (--present[c] == 0 && (c + 1) * CHUNK <= spawned) {
            chunks[c] = null;
        }
    }

    /** Tasks ever added (the next index). */
    int spawned() {
        return spawned;
    }

    /** Tasks held now. */
    int retained() {
        return retained;
    }

    /** The held tasks in spawn order (a new list). */
    List<Task> list() {
        List<Task> out = new ArrayList<>(retained);
        for (int c = 0; c * CHUNK < spawned; c++) {
            Task[] chunk = chunks[c];
            if (chunk == null) {
                continue;
            }
            for (Task t : chunk) {
                if (t != null) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
