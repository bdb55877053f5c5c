package kos.sona;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TaskMemoryTest {
    /** Closes {@code periods} periods of 30 noisy steps around {@code level}, snapshots numbered from {@code first}. */
    static void periods(TaskMemory m, SplittableRandom r, int periods, float level, int first) {
        float[] e = new float[3];
        for (int p = 0; p < periods; p++) {
            for (int s = 0; s < 30; s++) {
                e[0] = level + (float) (0.2 * r.nextGaussian());
                e[1] = (float) r.nextGaussian();
                e[2] = 1f;
                m.observe(e, 0);
            }
            int id = first + p;
            m.closePeriod(id * 1000L, new float[] {id, -id}, new float[] {id});
        }
    }

    @Test
    void changePointIsWhereTheEmbeddingsShiftAndItsSnapshotIsTheOneBefore() {
        TaskMemory m = new TaskMemory(3, 2, 1, 24, 4);
        SplittableRandom r = new SplittableRandom(1);
        periods(m, r, 9, 0f, 1); // periods 1..9 at level 0
        periods(m, r, 4, 1f, 10); // periods 10..13 at level 1
        int c = m.changePoint(Long.MIN_VALUE);
        assertEquals(9, c, "the first shifted period is the 10th");
        float[] theta = new float[2], f = new float[1];
        assertTrue(m.snapshotAt(Long.MIN_VALUE, c - 1, theta, f));
        assertArrayEquals(new float[] {9, -9}, theta, "the adapters at the end of the last period before the change");
        assertArrayEquals(new float[] {9}, f);
        assertEquals(2, m.changePoint(7000L) + 0, "only the periods after 7 s: 8, 9 | 10..13");
        assertFalse(m.snapshotAt(13_000L, 0, theta, f), "no closed period after the last one");
        assertEquals(-1, new TaskMemory(3, 2, 1, 4, 2).changePoint(Long.MIN_VALUE), "no periods: no change point");
    }

    @Test
    void storesUpdatesRecallsAndForgetsTheLeastRecentlyUsed() {
        TaskMemory m = new TaskMemory(1, 2, 1, 2, 2);
        assertEquals(0, m.store(-1, new float[] {1, 1}));
        assertEquals(1, m.store(-1, new float[] {2, 2}));
        assertEquals(0, m.store(0, new float[] {3, 3}), "a recalled task is updated in place");
        float[] t = new float[2];
        m.recall(0, t);
        assertArrayEquals(new float[] {3, 3}, t);
        assertEquals(2, m.store(-1, new float[] {4, 4}) + 1, "full: the least recently used (slot 1) is replaced");
        m.copy(1, t);
        assertArrayEquals(new float[] {4, 4}, t);
        assertEquals(1, m.recalls());
        assertEquals(2, m.tasks());
    }
}
