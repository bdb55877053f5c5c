package kos.mem;

import java.util.Arrays;

/** A growable list of allocation handles with O(1) removal by swapping in the last one. */
final class HandleList {
    private long[] items = new long[64];
    private int size;

    int size() {
        return size;
    }

    long get(int i) {
        return items[i];
    }

    void set(int i, long h) {
        items[i] = h;
    }

    void add(long h) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = h;
    }

    /** Removes index {@code i} (the last element takes its place) and returns what was there. */
    long removeAt(int i) {
        long h = items[i];
        items[i] = items[--size];
        return h;
    }

    void clear() {
        size = 0;
    }
}
