package kos.llm.sandbox;

import kos.llm.state.StateSnapshot;
import kos.llm.state.Untrusted;
import kos.sim.KosException;

import java.util.List;

/**
 * Judges proposed command lines: character screen, the shell's own splitter and parser (no
 * second parser), then the {@link Allowlist} against the snapshot the answer was about.
 * The screen refuses lines longer than {@value #MAX_LINE} characters and any line with a control
 * or format character or one of {@code ; | & $ ` < > \ ( ) { }}: kos's shell has no chaining or
 * substitution, so such a line is either an injection attempt or not a kos command.
 */
public final class Sandbox {
    public static final int MAX_LINE = 200;
    private static final String FORBIDDEN = ";|&$`<>\\(){}";

    private final CommandLayer layer;

    public Sandbox(CommandLayer layer) {
        this.layer = layer;
    }

    public CommandLayer layer() {
        return layer;
    }

    public Verdict judge(String line, StateSnapshot snapshot) {
        if (line.length() > MAX_LINE) {
            return refused(line, List.of(), "", "longer than " + MAX_LINE + " characters");
        }
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            i += Character.charCount(cp);
            if (Untrusted.isUnsafe(cp) || cp == '\n') {
                return refused(line, List.of(), "", String.format("contains the control character U+%04X", cp));
            }
            if (FORBIDDEN.indexOf(cp) >= 0) {
                return refused(line, List.of(), "", "contains '" + (char) cp + "' (no chaining, redirection or substitution)");
            }
        }
        List<String> words;
        try {
            words = layer.split(line);
        } catch (KosException e) {
            return refused(line, List.of(), "", "cannot split: " + e.getMessage());
        }
        if (words.isEmpty()) {
            return refused(line, words, "", "empty command");
        }
        CommandLayer.ParsedCommand parsed;
        try {
            parsed = layer.parse(words);
        } catch (KosException e) {
            return refused(line, words, "", "not a valid kos command: " + Untrusted.printable(e.getMessage(), 160));
        }
        String cls = parsed.commandClass();
        String why = Allowlist.check(parsed, snapshot);
        if (why != null) {
            return refused(line, words, cls, why);
        }
        return new Verdict(line, words, cls, true, Allowlist.mutating(cls), "");
    }

    private static Verdict refused(String line, List<String> words, String cls, String reason) {
        return new Verdict(line, words, cls, false, Allowlist.mutating(cls), reason);
    }
}
