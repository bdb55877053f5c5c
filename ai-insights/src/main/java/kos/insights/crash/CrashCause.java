package kos.insights.crash;

/** What a predicted crash would be caused by, which decides the action that can prevent it. */
public enum CrashCause {
    /** Nothing predicted. */
    NONE,
    /** Memory that reclaim cannot recover is running out (a leak, a runaway task): only a kill helps. */
    LACK_OF_MEMORY,
    /** Enough memory is free but not in blocks large enough: compaction helps. */
    FRAGMENTATION,
    /** The page cache crowds out allocations faster than background reclaim frees it: reclaim helps. */
    PAGE_CACHE_PRESSURE
}
