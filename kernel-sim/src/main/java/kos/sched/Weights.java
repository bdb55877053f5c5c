package kos.sched;

import kos.sim.KosException;

/**
 * The Linux nice-to-weight table ({@code sched_prio_to_weight}): nice 0 is 1024 and each step is
 * about 1.25x, so one nice level is about 10% of CPU between two competing tasks.
 */
public final class Weights {
    /** Weight of nice 0; CFS and EEVDF scale virtual time by {@code NICE_0 / weight}. */
    public static final int NICE_0 = 1024;

    public static final int MIN_NICE = -20, MAX_NICE = 19;

    private static final int[] WEIGHTS = {
        88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
        9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
        1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
        110, 87, 70, 56, 45, 36, 29, 23, 18, 15
    };

    private Weights() {}

    /** The load weight of a nice value in -20..19. */
    public static int of(int nice) {
        checkNice(nice);
        return WEIGHTS[nice - MIN_NICE];
    }

    public static void checkNice(int nice) {
        if (nice < MIN_NICE || nice > MAX_NICE) {
            throw new KosException("nice " + nice + " is out of range: expected -20..19");
        }
    }

    /** Floor of log2(n) for n >= 1, as the kernel's {@code ilog2}. */
    public static int ilog2(int n) {
        return 31 - Integer.numberOfLeadingZeros(n);
    }

    /** The factor Linux scales its scheduler tunables by: {@code 1 + ilog2(min(ncpus, 8))}. */
    public static int tunableScale(int cpus) {
        return 1 + ilog2(Math.min(Math.max(cpus, 1), 8));
    }
}
