package kos.shell;

import kos.sim.KosException;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one command line into words the way a POSIX shell does for the cases scripts need:
 * whitespace separates words; {@code '...'} quotes literally; {@code "..."} quotes with
 * {@code \"} and {@code \\} escapes; a backslash outside quotes escapes the next character; a
 * {@code #} at the start of a word begins a comment that runs to the end of the line.
 */
public final class CommandSplitter {
    private CommandSplitter() {
    }

    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0, n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '#' && !inWord) {
                break;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new KosException("unterminated ' quote starting at column " + (i + 1));
                }
                cur.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        cur.append(line.charAt(i + 1));
                        i += 2;
                    } else {
                        cur.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new KosException("unterminated \" quote");
                }
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new KosException("a backslash at the end of the line escapes nothing (lines do not continue)");
                }
                cur.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                cur.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return words;
    }
}
