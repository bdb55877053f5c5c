package kos.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/commands.md must be exactly what the command tree renders. */
class CommandDocsTest {
    @Test
    void commandsReferenceIsUpToDate() throws Exception {
        Path doc = Path.of("..", "docs", "commands.md");
        String rendered = CommandDocs.render(new ShellHarness().runner.commandLine());
        if (Boolean.getBoolean("kos.docs.update")) {
            Files.writeString(doc, rendered);
        }
        String onDisk = Files.exists(doc) ? Files.readString(doc) : "";
        assertEquals(rendered, onDisk, "docs/commands.md is stale; regenerate it (see its first lines)");
    }

    /**
     * Rendering every help page makes Picocli print no warning: a bare {@code %} in a description
     * ("within 5% of") is read as a format specifier, and the help then shows {@code %n} raw.
     */
    @Test
    void everyHelpPageRendersWithoutPicocliWarnings() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandDocs.render(new ShellHarness().runner.commandLine());
        } finally {
            System.setErr(saved);
        }
        String warnings = err.toString(StandardCharsets.UTF_8);
        assertEquals("", warnings.lines().filter(l -> l.contains("picocli")).reduce("", (a, b) -> a + b + "\n"));
    }
}
