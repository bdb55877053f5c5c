package kos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EventQueueTest {
    private static final EventTarget NOP = (sim, kind, arg) -> {};

    record Entry(long time, long seq, long arg) {}

    @Property(tries = 200)
    void pollsInTimeThenInsertionOrder(@ForAll @Size(max = 400) List<@LongRange(min = 0, max = 20) Long> times) {
        EventQueue q = new EventQueue();
        List<Entry> expected = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            long seq = q.offer(times.get(i), NOP, 0, i);
            expected.add(new Entry(times.get(i), seq, i));
        }
        expected.sort(Comparator.comparingLong(Entry::time).thenComparingLong(Entry::seq));
        for (Entry e : expected) {
            assertEquals(e.time(), q.peekTime());
            assertEquals(e.arg(), q.peekArg());
            q.removeFirst();
        }
        assertTrue(q.isEmpty());
    }

    @Test
    void interleavedOffersKeepOrder() {
        EventQueue q = new EventQueue();
        q.offer(5, NOP, 1, 1);
        q.offer(3, NOP, 2, 2);
        assertEquals(2, q.peekArg());
        q.removeFirst();
        q.offer(5, NOP, 3, 3);
        q.offer(4, NOP, 4, 4);
        long[] order = new long[3];
        for (int i = 0; i < 3; i++) {
            order[i] = q.peekArg();
            q.removeFirst();
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {4, 1, 3}, order);
    }
}
