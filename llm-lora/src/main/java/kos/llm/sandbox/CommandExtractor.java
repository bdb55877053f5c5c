package kos.llm.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the commands a model's answer proposes: lines that start with a {@code Run:},
 * {@code Execute:} or {@code Command:} marker (after optional list bullets, case-insensitive), and
 * the lines of fenced code blocks ({@code ```}). Nothing else counts: a marker in the middle of a
 * sentence, or inside a quoted name, proposes nothing. At most {@link #MAX_PROPOSALS} are kept, in
 * order; the rest are counted as dropped. Proposals are only text: {@link Sandbox} decides.
 */
public final class CommandExtractor {
    /** The most commands taken from one answer. */
    public static final int MAX_PROPOSALS = 4;
    private static final Pattern MARKER = Pattern.compile("^\\s*(?:[-*>]\\s*|\\d+[.)]\\s*)?(?:\\*\\*)?(run|execute|command)(?:\\*\\*)?\\s*:(?:\\*\\*)?\\s*(.*)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");

    private CommandExtractor() {
    }

    /** One proposed command line and where it came from ({@code run}, {@code execute}, {@code command}, {@code fence}). */
    public record Proposal(String line, String source) {
    }

    /** The proposals, and how many more the answer held beyond {@link #MAX_PROPOSALS}. */
    public record Extraction(List<Proposal> proposals, int dropped) {
    }

    public static Extraction extract(String answer) {
        List<Proposal> out = new ArrayList<>();
        int dropped = 0;
        boolean inFence = false;
        for (String raw : answer.split("\r\n|\r|\n", -1)) {
            if (FENCE.matcher(raw).find()) {
                inFence = !inFence;
                continue;
            }
            String line = null, source = null;
            if (inFence) {
                String t = raw.strip();
                if (t.startsWith("$ ")) {
                    t = t.substring(2).strip();
                } else if (t.startsWith("kos> ")) {
                    t = t.substring(5).strip();
                }
                if (!t.isEmpty() && !t.startsWith("#")) {
                    line = t;
                    source = "fence";
                }
            } else {
                Matcher m = MARKER.matcher(raw);
                if (m.matches()) {
                    line = unquote(m.group(2).strip());
                    source = m.group(1).toLowerCase(Locale.ROOT);
                    if (line.isEmpty()) {
                        line = null;
                    }
                }
            }
            if (line != null) {
                if (out.size() < MAX_PROPOSALS) {
                    out.add(new Proposal(line, source));
                } else {
                    dropped++;
                }
            }
        }
        return new Extraction(out, dropped);
    }

    /** Strips one pair of surrounding backticks ({@code `memctl compact`}). */
    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("`") && s.endsWith("`")) {
            return s.substring(1, s.length() - 1).strip();
        }
        return s;
    }
}
