package kos.mem;

/**
 * One reclaim pass.
 *
 * @param kind    {@code direct} (an allocating task), {@code kswapd} (background) or {@code manual}
 * @param scanned page-cache pages looked at
 * @param freed   pages freed
 * @param costNs  simulated time the pass took (a direct pass stalls its task this long)
 */
public record ReclaimResult(String kind, long scanned, long freed, long costNs) {}
