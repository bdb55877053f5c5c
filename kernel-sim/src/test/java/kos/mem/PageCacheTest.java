package kos.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PageCacheTest {
    @Test
    void countsUsedAndWastedPrefetchesExactly() {
        PageCache c = new PageCache(4);
        c.prefetch(1, 10);
        c.prefetch(1, 11);
        assertTrue(c.access(0, 1, 10));
        for (int p = 0; p < 4; p++) {
            c.access(0, 2, p); // evicts page 11 unused
        }
        PageCache.Stats s = c.stats();
        assertEquals(2, s.prefetchIssued());
        assertEquals(1, s.prefetchUsed());
        assertEquals(1, s.prefetchWasted());
        assertEquals(5, s.accesses());
        assertEquals(1, s.hits());
    }

    @Test
    void readaheadDoublesItsWindowOnSequentialStreamsOnly() {
        PageCache c = new PageCache(1024);
        c.prefetcher(new ReadaheadPrefetcher(4, 32));
        for (int p = 0; p < 200; p++) {
            c.access(0, 1, p);
        }
        PageCache.Stats s = c.stats();
        assertEquals(198, s.hits(), "the second access detects the stream; every page after it was read ahead");
        assertTrue(
                s.prefetchIssued() >= 200 && s.prefetchIssued() <= 200 + 64, "at most two windows beyond the stream");
        PageCache r = new PageCache(1024);
        r.prefetcher(new ReadaheadPrefetcher(4, 32));
        for (int p = 0; p < 200; p++) {
            r.access(0, 1, p * 3L);
        }
        assertEquals(0, r.stats().prefetchIssued(), "a stride of 3 is not sequential");
    }

    @Test
    void strideAndCorrelationTablesPredictStridesAndRepeatedChains() {
        PageCache c = new PageCache(64);
        c.prefetcher(StridePrefetcher.tables());
        for (int p = 0; p < 500; p++) {
            c.access(0, 1, p * 5L);
        }
        assertTrue(c.stats().hitRate() > 0.99, "strided: " + c.stats());
        assertTrue(c.stats().nextPageAccuracy() > 0.99);
        PageCache chase = new PageCache(64);
        chase.prefetcher(StridePrefetcher.tables());
        AccessPattern.Stream s = AccessPattern.POINTER_CHASE.stream(new SplittableRandom(1), 1);
        long[] a = new long[3];
        for (int i = 0; i < 3 * AccessPattern.CHASE_NODES; i++) {
            s.next(a);
            chase.access((int) a[0], a[1], a[2]);
        }
        // the first walk cannot be predicted, the next two are
        assertTrue(chase.stats().hitRate() > 0.6, "pointer chase: " + chase.stats());
    }
}
