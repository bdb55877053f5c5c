package kos.sched.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The run queues hold memory for the tasks they hold, not for every task index a long run has seen. */
class TaskIndexedQueuesTest {
    @Test
    void pagesComeAndGoWithTheirEntries() {
        TaskIndexedInts a = new TaskIndexedInts(-1);
        assertEquals(-1, a.get(5_000_000));
        a.put(3, 7);
        a.put(2_000, 8);
        assertEquals(2, a.pages());
        assertEquals(7, a.get(3));
        a.put(3, -1);
        assertEquals(1, a.pages());
        a.put(2_000, -1);
        assertEquals(0, a.pages());
    }

    @Test
    void aHeapThatSawAMillionTasksHoldsOnlyItsMembers() {
        TaskHeap h = new TaskHeap();
        // a sliding window of 100 queued tasks over a million indices, keys a little out of index order
        for (int i = 0; i < 1_000_000; i++) {
            h.add(i, i + (i * 7919L) % 50, i);
            if (h.size() > 100) {
                int t = h.poll();
                assertFalse(h.contains(t));
            }
        }
        assertEquals(100, h.size());
        assertTrue(h.positionPages() <= 2, "position pages held: " + h.positionPages());
        List<Integer> out = new ArrayList<>();
        long prev = Long.MIN_VALUE;
        while (!h.isEmpty()) {
            int t = h.peek();
            long k = h.primary(t);
            assertTrue(k >= prev, "min-heap order");
            prev = k;
            assertEquals(t, h.poll());
            assertEquals(k, h.primary(t), "the keys of the task removed last stay readable");
            out.add(t);
        }
        assertEquals(100, out.size());
    }

    @Test
    void aListThatSawAMillionTasksHoldsOnlyItsMembers() {
        TaskList l = new TaskList();
        for (int i = 0; i < 1_000_000; i++) {
            l.addLast(i);
            if (l.size() > 100) {
                assertEquals(i - 100, l.poll(), "first in, first out");
            }
        }
        int n = 0;
        for (int t = l.peek(); t >= 0; t = l.next(t)) {
            assertEquals(1_000_000 - 100 + n, t);
            n++;
        }
        assertEquals(100, n);
        assertTrue(l.linkPages() <= 6, "pages held: " + l.linkPages());
    }
}
