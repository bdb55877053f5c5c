package kos.shell;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The commands of .ci/nightly parse against today's command tree, and the files they name exist, so
 * the nightly run cannot rot silently when an option is renamed (the nightly itself is not run here).
 */
class NightlyStepsTest {
    private static final Path NIGHTLY = Path.of("..", ".ci", "nightly");
    private static final Pattern STEP = Pattern.compile("^\\s*\"([a-z-]+)\\s*\\|\\s*(.+)\"\\s*$");

    private static List<String[]> kosSteps() throws Exception {
        List<String[]> steps = new ArrayList<>();
        for (String line : Files.readAllLines(NIGHTLY)) {
            Matcher m = STEP.matcher(line);
            if (m.matches() && m.group(2).startsWith("./kos ") && !m.group(2).startsWith("./kos bench ")) {
                steps.add(m.group(2).substring("./kos ".length()).split(" +"));
            }
        }
        return steps;
    }

    @Test
    void everyKosStepParses() throws Exception {
        List<String[]> steps = kosSteps();
        assertTrue(steps.size() >= 10, "too few ./kos steps found in " + NIGHTLY + ": " + steps.size());
        for (String[] args : steps) {
            CommandLine root = new ShellHarness().runner.commandLine();
            assertDoesNotThrow(
                    () -> root.parseArgs(args), () -> "nightly step does not parse: " + Arrays.toString(args));
        }
    }

    @Test
    void everyFileAStepNamesExists() throws Exception {
        for (String[] args : kosSteps()) {
            for (String a : args) {
                for (String part : a.split(",")) {
                    if (part.startsWith("examples/")) {
                        assertTrue(Files.exists(Path.of("..", part)), "nightly names a missing file: " + part);
                    }
                }
            }
        }
    }
}
