package kos.mem;

import java.util.HashMap;
import java.util.Map;

/**
 * Linux's on-demand readahead, simplified (mm/readahead.c): per stream, an access to the page
 * after the previous one is sequential; the first sequential access reads an initial window of
 * {@code initial} pages ahead, and each time the stream reaches the last window's start (the
 * PG_readahead marker) the next window is read asynchronously, twice as large, up to {@code max}
 * pages (32 = 128 KiB, the default read_ahead_kb). A non-sequential access resets the window.
 */
public final class ReadaheadPrefetcher implements Prefetcher {
    private final int initial, max;
    private final Map<Long, long[]> streams = new HashMap<>(); // {prev, window, issuedEnd}

    public ReadaheadPrefetcher(int initial, int max) {
        this.initial = initial;
        this.max = max;
    }

    public ReadaheadPrefetcher() {
        this(4, 32);
    }

    @Override
    public String name() {
        return "readahead";
    }

    @Override
    public long onAccess(PageCache cache, int task, long file, long index, boolean hit) {
        long[] s = streams.computeIfAbsent((long) task << 32 ^ file, k -> new long[] {-2, 0, 0});
        boolean sequential = index == s[0] + 1;
        s[0] = index;
        if (!sequential) {
            s[1] = 0;
            return -1;
        }
        if (s[1] == 0) {
            s[1] = initial;
            s[2] = index + 1;
            issue(cache, file, s);
        } else if (index >= s[2] - s[1]) {
            s[1] = Math.min(2 * s[1], max);
            issue(cache, file, s);
        }
        return index + 1;
    }

    private static void issue(PageCache cache, long file, long[] s) {
        long from = s[2], to = from + s[1];
        for (long p = from; p < to; p++) {
            cache.prefetch(file, p);
        }
        s[2] = to;
    }
}
