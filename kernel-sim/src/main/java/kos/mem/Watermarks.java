package kos.mem;

/**
 * A zone's MIN/LOW/HIGH free-page watermarks, derived as Linux derives them for a single zone:
 * {@code min_free_kbytes = isqrt(lowmem_kbytes * 16)} clamped to [128, 262144];
 * {@code MIN = min_free_kbytes / 4}; {@code tmp = max(MIN / 4, managed * watermark_scale_factor / 10000)};
 * {@code LOW = MIN + tmp}; {@code HIGH = MIN + 2 * tmp}. All values in 4 KiB pages.
 */
public record Watermarks(long minFreeKbytes, long min, long low, long high) {
    /** The default {@code watermark_scale_factor} (0.1% of the zone). */
    public static final int SCALE_FACTOR = 10;

    public static Watermarks forZone(long managedPages) {
        long kbytes = managedPages * 4;
        long minFree = Math.max(128, Math.min(262144, isqrt(kbytes * 16)));
        long min = minFree / 4;
        long tmp = Math.max(min / 4, managedPages * SCALE_FACTOR / 10000);
        return new Watermarks(minFree, min, min + tmp, min + 2 * tmp);
    }

    static long isqrt(long n) {
        long r = (long) Math.sqrt((double) n);
        while (r * r > n) {
            r--;
        }
        while ((r + 1) * (r + 1) <= n) {
            r++;
        }
        return r;
    }
}
