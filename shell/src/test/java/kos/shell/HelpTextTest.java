package kos.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTextTest {
    @Test
    void linesOfOneParagraphAreJoinedAndIndentedExamplesStayApart() {
        List<String> p = HelpText.paragraphs(new String[] {
            "Create a task now. It alternates bursts",
            "and waits. Examples:",
            "  task spawn editor --burst 2ms",
            "  task spawn audio --wcet 1ms",
            "Afterwards it runs."
        });
        assertEquals(
                List.of(
                        "Create a task now. It alternates bursts and waits. Examples:",
                        "  task spawn editor --burst 2ms",
                        "  task spawn audio --wcet 1ms",
                        "Afterwards it runs."),
                p);
    }

    @Test
    void theSummaryIsTheFirstWholeSentence() {
        assertEquals("Run it, e.g. 'sim run 1s'.", HelpText.firstSentence("Run it, e.g. 'sim run 1s'. Then stop."));
        assertEquals("Sizes like ~/.kos or 1.5 MiB.", HelpText.firstSentence("Sizes like ~/.kos or 1.5 MiB. More."));
        assertEquals("no full stop at all", HelpText.firstSentence("no full stop at all"));
    }

    /** The defect this fixes: a parent listed a subcommand by its first source line, cut mid-sentence. */
    @Test
    void noCommandIsListedWithASummaryCutMidSentence() {
        CommandLine root = new ShellHarness().runner.commandLine();
        List<String> cut = new ArrayList<>();
        walk(root, Collections.newSetFromMap(new IdentityHashMap<>()), cut);
        assertTrue(cut.isEmpty(), "summaries cut mid-sentence: " + cut);
    }

    private static void walk(CommandLine cl, Set<CommandLine> done, List<String> cut) {
        if (!done.add(cl)) {
            return;
        }
        CommandLine.Model.UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        if (usage.description().length > 0) {
            String summary = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
            if (!summary.endsWith(".") && !summary.endsWith(".)")) {
                cut.add(cl.getCommandSpec().qualifiedName() + ": " + summary);
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            walk(sub, done, cut);
        }
    }
}
