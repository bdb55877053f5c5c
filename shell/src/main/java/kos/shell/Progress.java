package kos.shell;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar with the share done and an ETA on stderr for long commands, shown only on a terminal and only
 * after the command has run for half a second, redrawn at most five times a second, and erased when
 * done. Wall-clock time decides only what is printed, never what is simulated.
 */
public final class Progress implements AutoCloseable {
    private static final long SHOW_AFTER_NS = 500_000_000L, REDRAW_NS = 200_000_000L;

    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private final long startNs = System.nanoTime();
    private long lastDrawNs;
    private boolean drawn;

    public Progress(Session session, String label) {
        this.err = session.err();
        this.label = label;
        this.enabled = Boolean.getBoolean("kos.tty") && !session.jsonOutput();
    }

    /** Reports {@code done} of {@code total} units with an optional detail. */
    public void update(long done, long total, String detail) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - startNs < SHOW_AFTER_NS || now - lastDrawNs < REDRAW_NS) {
            return;
        }
        lastDrawNs = now;
        double fraction = total <= 0 ? 0 : (double) done / total;
        err.print(String.format(
                Locale.ROOT,
                "\r%s %s %5.1f%% %s%s\u001b[K",
                label,
                bar(fraction),
                100 * fraction,
                detail == null ? "" : detail,
                eta(now - startNs, fraction)));
        err.flush();
        drawn = true;
    }

    /**
     * A counter for work done on several threads: each call reports how many of {@code total} runs
     * are done (calls may come from any thread; drawing is serialised).
     */
    public java.util.function.IntConsumer runs(long total) {
        return done -> {
            synchronized (this) {
                update(done, total, done + "/" + total + " runs");
            }
        };
    }

    /** A 20-cell bar, e.g. {@code [=======>            ]}. */
    static String bar(double fraction) {
        int cells = 20, full = (int) Math.min(cells, Math.max(0, Math.round(fraction * cells)));
        return "[" + "=".repeat(full) + (full < cells ? ">" + " ".repeat(cells - full - 1) : "") + "]";
    }

    /** The time left if the rest goes as fast as what is done, e.g. {@code ", ETA 1m 05s"}; empty until known. */
    static String eta(long elapsedNs, double fraction) {
        if (fraction <= 0.01 || fraction >= 1) {
            return "";
        }
        long left = (long) (elapsedNs / 1e9 * (1 - fraction) / fraction);
        return left >= 60
                ? String.format(Locale.ROOT, ", ETA %dm %02ds", left / 60, left % 60)
                : String.format(Locale.ROOT, ", ETA %ds", left);
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
