package kos.sched.policy;

import java.util.Arrays;

/**
 * An int per task index with a default value, in pages of {@value #PAGE} indices: a page exists
 * only while one of its entries differs from the default, so a queue that keys state by task index
 * holds memory for the indices it holds now, not for every task a long run ever spawned. Reading
 * and writing allocate nothing except a page when the first entry in it is set.
 */
final class TaskIndexedInts {
    static final int PAGE = 1024;
    private static final int SHIFT = 10, MASK = PAGE - 1;

    private final int dflt;
    private int[][] pages = new int[4][];
    private int[] set = new int[4];

    TaskIndexedInts(int dflt) {
        this.dflt = dflt;
    }

    int get(int index) {
        int p = index >>> SHIFT;
        if (p >= pages.length || pages[p] == null) {
            return dflt;
        }
        return pages[p][index & MASK];
    }

    void put(int index, int value) {
        int p = index >>> SHIFT;
        if (p >= pages.length) {
            if (value == dflt) {
                return;
            }
            int n = Math.max(p + 1, pages.length * 2);
            pages = Arrays.copyOf(pages, n);
            set = Arrays.copyOf(set, n);
        }
        int[] page = pages[p];
        if (page == null) {
            if (value == dflt) {
                return;
            }
            page = new int[PAGE];
            if (dflt != 0) {
                Arrays.fill(page, dflt);
            }
            pages[p] = page;
        }
        int old = page[index & MASK];
        page[index & MASK] = value;
        if (old == dflt && value != dflt) {
            set[p]++;
        } else if (old != dflt && value == dflt && --set[p] == 0) {
            pages[p] = null;
        }
    }

    /** Pages held now (tests). */
    int pages() {
        int n = 0;
        for (int[] p : pages) {
            if (p != null) {
                n++;
            }
        }
        return n;
    }
}
