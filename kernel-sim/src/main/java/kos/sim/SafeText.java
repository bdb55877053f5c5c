package kos.sim;

import java.util.Collection;
import java.util.Iterator;

/**
 * Text that came from outside (file contents, names, arguments) made safe to quote in one line of
 * terminal output: control characters (ESC, newline, carriage return, NUL, DEL, the C1 range and
 * the bidirectional overrides) are shown as escapes such as {@code \n} or {@code \u001b}, and the
 * text is capped so that no message quotes more than {@value #MAX_QUOTE} characters of it.
 */
public final class SafeText {
    /** The most characters of one untrusted string that a message quotes. */
    public static final int MAX_QUOTE = 200;
    /** The most names a message lists. */
    public static final int MAX_NAMES = 20;

    private SafeText() {
    }

    /** {@code s} with control characters escaped and capped at {@link #MAX_QUOTE} characters. */
    public static String quote(String s) {
        return quote(s, MAX_QUOTE);
    }

    /** {@code s} with control characters escaped and capped at {@code max} characters (before escaping). */
    public static String quote(String s, int max) {
        if (s == null) {
            return "null";
        }
        int n = Math.min(s.length(), max);
        if (n < s.length() && Character.isHighSurrogate(s.charAt(n - 1))) {
            n--;
        }
        StringBuilder b = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            appendEscaped(b, s.charAt(i), false);
        }
        if (n < s.length()) {
            b.append("... (").append(s.length()).append(" characters)");
        }
        return b.toString();
    }

    /**
     * Multi-line text for the terminal: newlines and tabs are kept, every other control character
     * is escaped (so no ESC sequence reaches the terminal).
     */
    public static String terminal(String s) {
        if (s == null) {
            return "null";
        }
        boolean clean = true;
        for (int i = 0; i < s.length() && clean; i++) {
            char c = s.charAt(i);
            clean = c == '\n' || c == '\t' || !isControl(c);
        }
        if (clean) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            appendEscaped(b, s.charAt(i), true);
        }
        return b.toString();
    }

    /** Whether {@code c} is a character a terminal would act on rather than show. */
    public static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }

    /** The index of the first control character in {@code s}, or -1. */
    public static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** At most {@link #MAX_NAMES} quoted names joined by ", ", then "... (N in all)". */
    public static String names(Collection<String> names) {
        StringBuilder b = new StringBuilder();
        Iterator<String> it = names.iterator();
        for (int i = 0; it.hasNext() && i < MAX_NAMES; i++) {
            b.append(i == 0 ? "" : ", ").append(quote(it.next(), 80));
        }
        if (names.size() > MAX_NAMES) {
            b.append(", ... (").append(names.size()).append(" in all)");
        }
        return b.toString();
    }

    private static void appendEscaped(StringBuilder b, char c, boolean keepLines) {
        if (!isControl(c) || keepLines && (c == '\n' || c == '\t')) {
            b.append(c);
            return;
        }
        switch (c) {
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            case 0 -> b.append("\\0");
            default -> b.append(String.format("\\u%04x", (int) c));
        }
    }
}
