package kos.shell.autoctl;

import kos.shell.Session;

import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * Redraws a report every interval of wall-clock time until Ctrl-C or a count: in place on a
 * terminal (cursor home, clear), one report after another otherwise (JSON: one document per line).
 * Wall-clock time paces the drawing only; nothing is simulated meanwhile.
 */
final class Watch {
    private static final String HOME_AND_CLEAR = "\u001b[H\u001b[2J";

    private Watch() {
    }

    static void run(Session session, long intervalNs, int count, boolean json, Supplier<String> report) {
        PrintWriter out = session.out();
        boolean terminal = Boolean.getBoolean("kos.tty") && !json;
        for (int n = 0; count <= 0 || n < count; n++) {
            String text = report.get();
            if (terminal) {
                out.print(HOME_AND_CLEAR);
            } else if (n > 0 && !json) {
                out.println();
            }
            out.println(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
            out.flush();
            if ((count > 0 && n + 1 >= count) || !sleep(session, intervalNs)) {
                return;
            }
        }
    }

    /** Sleeps for the interval; false when Ctrl-C came first. */
    private static boolean sleep(Session session, long ns) {
        long end = System.nanoTime() + ns;
        while (System.nanoTime() < end) {
            if (session.isInterrupted()) {
                return false;
            }
            try {
                Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !session.isInterrupted();
    }
}
