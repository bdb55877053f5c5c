package kos.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** {@link BlockSet}'s searches against a sorted set, on sparse and dense sets of several sizes. */
class BlockSetTest {
    @Test
    void nextFirstAndLastAgreeWithASortedSet() {
        for (int capacity : new int[] {1, 63, 64, 65, 4096, 4097, 300_000}) {
            for (int density : new int[] {1, 50, 1000}) {
                SplittableRandom r = new SplittableRandom(capacity * 7L + density);
                BlockSet s = new BlockSet(capacity);
                TreeSet<Integer> want = new TreeSet<>();
                for (int i = 0; i < Math.max(1, capacity * density / 1000); i++) {
                    int v = r.nextInt(capacity);
                    if (want.add(v)) {
                        s.add(v);
                    }
                }
                for (int i = 0; i < 200 && !want.isEmpty(); i++) { // some removed again
                    int v = want.first() + r.nextInt(Math.max(1, want.last() - want.first() + 1));
                    if (want.remove(v)) {
                        s.remove(v);
                    }
                }
                String what = capacity + "/" + density;
                assertEquals(want.isEmpty() ? -1 : want.first(), s.first(), what);
                assertEquals(want.isEmpty() ? -1 : want.last(), s.last(), what);
                for (int k = 0; k < 2000; k++) {
                    int from = k < 3 ? new int[] {0, capacity - 1, capacity}[k] : r.nextInt(capacity + 70);
                    Integer n = want.ceiling(from);
                    assertEquals(n == null ? -1 : n, s.next(from), what + " from " + from);
                }
            }
        }
    }
}
