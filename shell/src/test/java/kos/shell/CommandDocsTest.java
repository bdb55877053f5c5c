package kos.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
