package kos.shell.hostile;

import kos.lora.peft.ModelsDir;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generated corpus of hostile command lines: every option and first positional parameter of
 * every command in the tree gets values a careless or hostile user types (negative, overflowing,
 * non-finite, hex, other scripts' digits, control characters, a 100,000-character word). Each must
 * end with an exit code and, on failure, one clean line: no stack trace, no internal error, no raw
 * control character, no unbounded echo.
 */
class BadInputCorpusTest {
    static final List<String> NUMBERS = List.of("-5s", "-3", "1e309", "NaN", "Infinity", "-Infinity", "0x10", "0x1p3",
            "\u0661\u0662\u0663", "9223372036854775807", "99999999999999999999", "1e-400", "", "2562047h",
            "\u001b[2J", "9".repeat(100_000));
    static final List<String> TEXTS = List.of("\u001b]0;pwned\u0007", "a\nkos.seed = 999", "x".repeat(100_000),
            "../../etc/passwd", "a\u0000b", "", "-5s");
    /** Commands the corpus leaves alone: leaving the shell, and reading standard input. */
    static final Set<String> SKIP = Set.of("exit", "quit", "run", "help");

    private String savedModels;

    @BeforeEach
    void isolateModels(@TempDir Path tmp) {
        savedModels = System.getProperty(ModelsDir.PROPERTY);
        System.setProperty(ModelsDir.PROPERTY, tmp.resolve("models").toString());
    }

    @AfterEach
    void restoreModels() {
        if (savedModels == null) {
            System.clearProperty(ModelsDir.PROPERTY);
        } else {
            System.setProperty(ModelsDir.PROPERTY, savedModels);
        }
    }

    @Test
    void everyOptionOfEveryCommandGivesAnExitCodeAndOneCleanLine() {
        ShellHarness h = new ShellHarness();
        List<List<String>> cases = new ArrayList<>();
        collect(h.runner.commandLine(), new ArrayList<>(), cases);
        int failures = 0;
        List<String> broken = new ArrayList<>();
        for (List<String> words : cases) {
            h.clear();
            int code = Hostile.run(h, words, "corpus:1", 3_000);
            try {
                Hostile.check(Hostile.shorten(String.join(" ", words)), code, h.out(), h.err());
            } catch (AssertionError e) {
                broken.add(e.getMessage());
            }
            failures += code != 0 ? 1 : 0;
            if (h.session.exitRequested()) {
                h = new ShellHarness();
            }
        }
        System.out.println("corpus: " + cases.size() + " command lines, " + failures + " refused");
        assertTrue(broken.isEmpty(), broken.size() + " cases broke the rules:\n"
                + String.join("\n", broken.subList(0, Math.min(40, broken.size()))));
        assertTrue(cases.size() > 1_000, "the corpus covers the tree: " + cases.size() + " cases");
        assertTrue(failures > cases.size() * 3 / 4, "most hostile values are refused: " + failures + " of "
                + cases.size());
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        if (path.size() > 4) {
            return;
        }
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            CommandLine sub = e.getValue();
            String name = e.getKey();
            if (SKIP.contains(name) || !sub.getCommandSpec().name().equals(name) || sub == cl) {
                continue; // aliases appear twice
            }
            List<String> p = new ArrayList<>(path);
            p.add(name);
            for (OptionSpec o : sub.getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp() || o.arity().max() == 0 || isPath(o)) {
                    continue;
                }
                for (String v : valuesFor(o)) {
                    List<String> w = new ArrayList<>(p);
                    w.add(o.longestName());
                    w.add(v);
                    out.add(w);
                }
            }
            if (!sub.getCommandSpec().positionalParameters().isEmpty()) {
                ArgSpec first = sub.getCommandSpec().positionalParameters().get(0);
                if (!isPath(first)) {
                    for (String v : valuesFor(first)) {
                        List<String> w = new ArrayList<>(p);
                        w.add(v);
                        out.add(w);
                    }
                }
            }
            collect(sub, p, out);
        }
    }

    /** Files are left out: a hostile but valid name would create a file in the working directory. */
    private static boolean isPath(ArgSpec a) {
        String label = a.paramLabel() == null ? "" : a.paramLabel();
        return a.type() == Path.class || label.contains("FILE") || label.contains("DIR");
    }

    private static List<String> valuesFor(ArgSpec a) {
        Class<?> t = a.type();
        List<Class<?>> aux = a.auxiliaryTypes() == null ? List.of() : List.of(a.auxiliaryTypes());
        boolean numeric = t.isPrimitive() || Number.class.isAssignableFrom(t) || t.getSimpleName().equals("Duration")
                || t.getSimpleName().equals("Size") || aux.stream().anyMatch(x -> Number.class.isAssignableFrom(x));
        return numeric ? NUMBERS : TEXTS;
    }
}
