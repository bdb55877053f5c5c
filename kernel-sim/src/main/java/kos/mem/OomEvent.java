package kos.mem;

/**
 * An allocation that failed after reclaim and compaction.
 *
 * @param timeNs      when
 * @param pid         the allocating process
 * @param order       the requested order
 * @param type        its mobility
 * @param cause       {@code oom-lack-of-memory} or {@code oom-fragmentation} (fragmentation index above 500)
 * @param fragIndex   the fragmentation index of the order at failure
 * @param policy      {@code panic} or {@code kill}
 * @param victimPid   the killed process (-1 for panic, or when there was none to kill)
 * @param victimPages the victim's footprint in pages
 */
public record OomEvent(
        long timeNs,
        long pid,
        int order,
        Mobility type,
        String cause,
        int fragIndex,
        OomPolicy policy,
        long victimPid,
        long victimPages) {}
