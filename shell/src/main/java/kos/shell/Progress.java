package kos.shell;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress indicator on stderr for long commands, shown only on a terminal and only
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
        this.enabled = Boolean.getBoolean("kos.tty");
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
        double pct = total <= 0 ? 0 : 100.0 * done / total;
        err.print(String.format(Locale.ROOT, "\r%s %5.1f%% %s\u001b[K", label, pct, detail == null ? "" : detail));
        err.flush();
        drawn = true;
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
