package kos.insights.crash;

/**
 * The aggregates of three consecutive blocks of {@code blockSeconds} whole seconds of a
 * {@link PerSecondWindow} (newest first), kept up to date at a sample's cost: while the current
 * second stays the same only its bucket changes, and only in the window's direction (down for MIN,
 * up for MAX), so the newest block is the old value combined with that bucket (a minimum or maximum
 * does not depend on the order it is taken in) and the older two hold; a new second recomputes all
 * three. The same bits as recomputing them on every sample.
 */
final class ThreeBlocks {
    private final PerSecondWindow window;
    private final int blockSeconds;
    private double newest, middle, oldest;
    /** The window's {@link PerSecondWindow#secondVersion()} the blocks are as of (-1: none). */
    private long asOf = -1;

    ThreeBlocks(PerSecondWindow window, int blockSeconds) {
        if (3 * blockSeconds > window.seconds()) {
            throw new IllegalArgumentException("three blocks of " + blockSeconds + " s do not fit the window");
        }
        this.window = window;
        this.blockSeconds = blockSeconds;
    }

    /** Brings the blocks up to the window's latest sample. */
    void refresh() {
        if (asOf == window.secondVersion()) {
            newest = window.combine(newest, window.current());
            return;
        }
        int b = blockSeconds;
        newest = window.value(0, b);
        middle = window.value(b, 2 * b);
        oldest = window.value(2 * b, 3 * b);
        asOf = window.secondVersion();
    }

    double newest() {
        return newest;
    }

    double middle() {
        return middle;
    }

    double oldest() {
        return oldest;
    }

    /** Forgets the blocks (the window was cleared). */
    void clear() {
        asOf = -1;
    }
}
