package kos.mem;

/**
 * Decides what to read ahead after each demand access to the {@link PageCache}, per stream (a
 * task reading a file). Implementations keep their own per-stream state and must be deterministic.
 */
public interface Prefetcher {
    String name();

    /**
     * Called after the cache counted a demand access; may call {@link PageCache#prefetch}.
     *
     * @return its first-choice prediction of this stream's next page index in {@code file}, or -1
     */
    long onAccess(PageCache cache, int task, long file, long index, boolean hit);

    /** No prefetching: every miss is a demand read. */
    Prefetcher NONE = new Prefetcher() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public long onAccess(PageCache cache, int task, long file, long index, boolean hit) {
            return -1;
        }
    };
}
