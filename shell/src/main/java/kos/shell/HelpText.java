package kos.shell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Turns the descriptions written in the annotations into help a reader can take in: the source
 * breaks a long description into lines of about 100 columns, which Picocli would print as separate
 * lines wrapped again at 80 (ragged) and whose first line it would list, cut mid-sentence, as the
 * command's summary under its parent. Here the lines of one paragraph are joined (a new paragraph
 * starts at an empty line or an indented one, such as an example), and the summary a parent lists
 * is the description's first sentence, whole.
 */
final class HelpText {
    /** A sentence ends at a full stop followed by a space or the end, not in "e.g." or "i.e.". */
    private static final Pattern SENTENCE_END = Pattern.compile("(?<!\\be\\.g|\\bi\\.e|\\bvs)\\.(?=\\s|$)");

    private HelpText() {}

    /** Reflows the description of every command in the tree below {@code root} (aliases once). */
    static void reflow(CommandLine root) {
        reflow(root, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void reflow(CommandLine cl, Set<CommandLine> done) {
        if (!done.add(cl)) {
            return;
        }
        reflow(cl.getCommandSpec().usageMessage());
        for (CommandLine sub : cl.getSubcommands().values()) {
            reflow(sub, done);
        }
    }

    /**
     * Joins the description's lines into paragraphs and, unless the command declares a header of its
     * own, makes the first sentence the header: Picocli lists a subcommand by its header's first line.
     * The header is then not printed above the command's own usage (the description holds it).
     */
    static void reflow(UsageMessageSpec usage) {
        String[] description = usage.description();
        if (description.length == 0) {
            return;
        }
        List<String> paragraphs = paragraphs(description);
        usage.description(paragraphs.toArray(String[]::new));
        if (usage.header().length == 0) {
            usage.header(firstSentence(paragraphs.get(0)));
            usage.sectionKeys(withoutHeader(usage.sectionKeys()));
        }
    }

    /** The lines joined with a space, a new paragraph at an empty line or one that starts with a space. */
    static List<String> paragraphs(String[] lines) {
        List<String> out = new ArrayList<>();
        StringBuilder p = null;
        for (String line : lines) {
            boolean own = line.isEmpty() || Character.isWhitespace(line.charAt(0));
            if (p == null || own) {
                if (p != null) {
                    out.add(p.toString());
                }
                p = new StringBuilder(line);
                if (own) {
                    out.add(p.toString());
                    p = null;
                }
            } else {
                p.append(' ').append(line.strip());
            }
        }
        if (p != null) {
            out.add(p.toString());
        }
        return out;
    }

    /** The paragraph up to and including its first full stop (the whole paragraph if it has none). */
    static String firstSentence(String paragraph) {
        Matcher m = SENTENCE_END.matcher(paragraph);
        return m.find() ? paragraph.substring(0, m.end()) : paragraph;
    }

    private static List<String> withoutHeader(List<String> keys) {
        List<String> rest = new ArrayList<>(keys);
        rest.remove(UsageMessageSpec.SECTION_KEY_HEADER_HEADING);
        rest.remove(UsageMessageSpec.SECTION_KEY_HEADER);
        return rest;
    }
}
