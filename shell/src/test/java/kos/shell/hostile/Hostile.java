package kos.shell.hostile;

import kos.shell.ShellHarness;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What every hostile case must show: an exit code, and errors as single clean lines. */
final class Hostile {
    /** The longest error line the shell may print (the message cap plus a file:line prefix). */
    static final int MAX_ERROR_LINE = 1_400;

    private Hostile() {
    }

    /** Runs {@code words} with a watchdog that interrupts the session after {@code ms}; returns the exit code. */
    static int run(ShellHarness h, List<String> words, String place, long ms) {
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(ms);
                h.session.interrupt();
            } catch (InterruptedException ignored) {
                // the command finished first
            }
        });
        try {
            return h.runner.execute(words, place);
        } finally {
            watchdog.interrupt();
        }
    }

    /** Checks one case's outcome. */
    static void check(String what, int code, String out, String err) {
        assertTrue(code >= 0 && code <= 2, what + ": exit code " + code);
        for (String line : err.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            assertFalse(line.contains("internal error") || line.contains("Exception") || line.startsWith("\tat "),
                    what + ": " + shorten(line));
            assertTrue(line.length() <= MAX_ERROR_LINE, what + ": an error line of " + line.length() + " characters");
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c < 0x20 && c != '\t' && c != '\r' || c == 0x7f) {
                    fail(what + ": a raw control character " + (int) c + " in " + shorten(line));
                }
            }
        }
        if (code != 0 && err.isBlank()) {
            fail(what + ": failed with no message");
        }
        assertFalse(out.contains("\u001b]") || out.contains("\u001b[2J") || out.contains("\u0000"), what
                + ": raw escape in output");
    }

    static String shorten(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
