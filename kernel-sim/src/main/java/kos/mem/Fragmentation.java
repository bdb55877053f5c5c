package kos.mem;

/**
 * The kernel's fragmentation metrics over per-order free block counts ({@code nr_free[0..10]}),
 * with its exact integer arithmetic (mm/vmstat.c). All results are scaled by 1000 (or 100 for
 * {@link #extfrag}).
 */
public final class Fragmentation {
    private Fragmentation() {}

    /**
     * Linux {@code fragmentation_index}: 0 if nothing is free, -1000 if a block of the order is
     * free (the request would succeed), else {@code 1000 - (1000 + free_pages*1000/2^k) / free_blocks}.
     * Near 0 a failure would be lack of memory, near 1000 fragmentation. Not clamped.
     */
    public static int fragmentationIndex(long[] nrFree, int order) {
        long blocks = 0, pages = 0, suitable = 0;
        for (int o = 0; o < nrFree.length; o++) {
            blocks += nrFree[o];
            pages += nrFree[o] << o;
            if (o >= order) {
                suitable += nrFree[o] << (o - order);
            }
        }
        if (blocks == 0) {
            return 0;
        }
        if (suitable > 0) {
            return -1000;
        }
        return (int) (1000 - (1000 + pages * 1000 / (1L << order)) / blocks);
    }

    /** Linux {@code unusable_free_index}: share of free pages (x1000) in blocks too small for the order. */
    public static int unusableIndex(long[] nrFree, int order) {
        return unusable(nrFree, order, 1000);
    }

    /** Linux {@code extfrag_for_order}: as {@link #unusableIndex} scaled by 100, 0 when nothing is free. */
    public static int extfrag(long[] nrFree, int order) {
        long pages = 0;
        for (int o = 0; o < nrFree.length; o++) {
            pages += nrFree[o] << o;
        }
        return pages == 0 ? 0 : unusable(nrFree, order, 100);
    }

    private static int unusable(long[] nrFree, int order, int scale) {
        long pages = 0, suitable = 0;
        for (int o = 0; o < nrFree.length; o++) {
            pages += nrFree[o] << o;
            if (o >= order) {
                suitable += nrFree[o] << (o - order);
            }
        }
        if (pages == 0) {
            return scale;
        }
        return (int) ((pages - (suitable << order)) * scale / pages);
    }
}
