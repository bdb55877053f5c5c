package kos.llm.state;

/**
 * Quoting of untrusted text (task names, model answers shown back to the user) before it goes
 * into a prompt or onto a terminal: at most {@code max} characters, wrapped in double quotes,
 * with {@code "} and {@code \} escaped and every control or format character (newlines, escape
 * sequences, bidi overrides, zero-width characters) written as {@code \}{@code uXXXX}, so no name
 * can end the quote, start a new prompt line, or move a terminal's cursor.
 */
public final class Untrusted {
    private Untrusted() {
    }

    /** The quoted, escaped form of {@code s}; a cut name ends in {@code ...} inside the quotes. */
    public static String quote(String s, int max) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 8).append('"');
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (n == max) {
                sb.append("...");
                break;
            }
            appendEscaped(sb, cp);
            n++;
        }
        return sb.append('"').toString();
    }

    /** {@code s} with control and format characters escaped, for printing text a model wrote. */
    public static String printable(String s, int max) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 8);
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (n == max) {
                sb.append("...(cut)");
                break;
            }
            if (cp == '\n') {
                sb.append('\n');
            } else if (isUnsafe(cp)) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
            n++;
        }
        return sb.toString();
    }

    private static void appendEscaped(StringBuilder sb, int cp) {
        if (cp == '"' || cp == '\\') {
            sb.append('\\').append((char) cp);
        } else if (isUnsafe(cp) || cp == '\n') {
            sb.append(String.format("\\u%04x", cp));
        } else {
            sb.appendCodePoint(cp);
        }
    }

    /** Control characters (C0, DEL, C1), format characters (bidi, zero-width), line/paragraph separators. */
    public static boolean isUnsafe(int cp) {
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.LINE_SEPARATOR
                || t == Character.PARAGRAPH_SEPARATOR || t == Character.SURROGATE || t == Character.UNASSIGNED
                || t == Character.PRIVATE_USE;
    }
}
