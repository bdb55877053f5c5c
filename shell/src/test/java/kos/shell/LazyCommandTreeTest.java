package kos.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The command tree is built as commands need it (start-up, docs/performance.md): a command builds
 * only the groups it names, and whatever is printed is the same as with the whole tree built.
 */
class LazyCommandTreeTest {

    /** The output of {@code line} on a fresh shell, with the whole tree built first or not. */
    private static String[] run(String line, boolean wholeTree) {
        ShellHarness h = new ShellHarness();
        if (wholeTree) {
            h.runner.commandLine();
        }
        int code = h.exec(line);
        return new String[] {String.valueOf(code), h.out(), h.err()};
    }

    private static void sameAsWholeTree(String line) {
        String[] lazy = run(line, false), whole = run(line, true);
        assertEquals(whole[0], lazy[0], line + ": exit code");
        assertEquals(whole[1], lazy[1], line + ": stdout");
        assertEquals(whole[2], lazy[2], line + ": stderr");
    }

    @Test
    void versionBuildsNoGroupAndSimStatusOnlySim() {
        ShellHarness h = new ShellHarness();
        assertFalse(h.runner.rootBuilt(), "no Picocli model before the first command");
        assertEquals(CommandRunner.OK, h.exec("version"));
        assertTrue(h.runner.rootBuilt());
        assertEquals(Set.of(), h.runner.builtGroups());
        assertEquals(CommandRunner.OK, h.exec("sim status"));
        assertEquals(Set.of("sim"), h.runner.builtGroups());
        assertEquals(CommandRunner.OK, h.exec("help memctl"));
        assertEquals(Set.of("sim", "memctl"), h.runner.builtGroups());
    }

    @Test
    void helpListsEveryGroupInOrderAsTheWholeTreeDoes() {
        sameAsWholeTree("help");
        sameAsWholeTree("--help");
        assertTrue(run("help", false)[1].contains("threatctl"), "help lists the last group");
    }

    @Test
    void helpAfterSomeGroupsWereBuiltKeepsTheOrder() {
        ShellHarness lazy = new ShellHarness();
        lazy.exec("threatctl --help");
        lazy.exec("sim status");
        lazy.clear();
        lazy.exec("help");
        ShellHarness whole = new ShellHarness();
        whole.runner.commandLine();
        whole.exec("help");
        assertEquals(whole.out(), lazy.out());
    }

    @Test
    void groupHelpMistakesAndSuggestionsAreTheSame() {
        sameAsWholeTree("help sim");
        sameAsWholeTree("sim --help");
        sameAsWholeTree("memctl status --json");
        sameAsWholeTree("simm status");
        sameAsWholeTree("sim stauts");
        sameAsWholeTree("sim run -5s");
        sameAsWholeTree("llminfer --help");
    }

    @Test
    void everyGroupIsBuiltForTheWholeTree() {
        ShellHarness h = new ShellHarness();
        h.runner.commandLine();
        assertEquals(CommandGroups.GROUPS.size(), h.runner.builtGroups().size());
    }

    @Test
    void helpWalksToASubcommandAndNamesWhereAPathGoesWrong() {
        String[] eval = run("help crashctl eval", false);
        assertEquals(String.valueOf(CommandRunner.OK), eval[0]);
        assertEquals(run("crashctl eval --help", false)[1], eval[1], "help A B shows B's own help");
        assertTrue(eval[1].contains("Code: shell/src/main/java/kos/shell/crashctl/CrashEvalCommand.java"), eval[1]);
        String[] wrong = run("help crashctl evl", false);
        assertEquals(String.valueOf(CommandRunner.USAGE), wrong[0]);
        assertTrue(wrong[2].contains("unknown command 'evl' under 'crashctl'") && wrong[2].contains("eval"), wrong[2]);
        sameAsWholeTree("help schedctl transformer train");
    }
}
