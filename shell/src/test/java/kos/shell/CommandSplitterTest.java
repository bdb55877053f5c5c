package kos.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;

class CommandSplitterTest {
    @Test
    void splitsLikeAShell() {
        assertEquals(List.of("sim", "run", "10s"), CommandSplitter.split("  sim   run\t10s "));
        assertEquals(List.of("a", "b c", "d\"e", "f g"), CommandSplitter.split("a 'b c' \"d\\\"e\" f\\ g"));
        assertEquals(List.of("x", "a#b"), CommandSplitter.split("x a#b # trailing comment"));
        assertEquals(List.of(), CommandSplitter.split("# only a comment"));
        assertEquals(List.of(""), CommandSplitter.split("''"));
    }

    @Test
    void unterminatedQuotesAreErrors() {
        assertThrows(KosException.class, () -> CommandSplitter.split("echo 'open"));
        assertThrows(KosException.class, () -> CommandSplitter.split("echo \"open"));
    }
}
