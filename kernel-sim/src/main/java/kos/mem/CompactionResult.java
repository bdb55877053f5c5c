package kos.mem;

/**
 * One compaction pass.
 *
 * @param kind          {@code direct}, {@code proactive} or {@code manual}
 * @param order         the order it tried to make available, or -1 for a full pass
 * @param scanned       pages the migrate scanner walked over
 * @param migrated      pages moved
 * @param costNs        simulated time the pass took
 * @param largestBefore largest free order before (-1 if nothing free)
 * @param largestAfter  largest free order after
 */
public record CompactionResult(
        String kind, int order, long scanned, long migrated, long costNs, int largestBefore, int largestAfter) {}
