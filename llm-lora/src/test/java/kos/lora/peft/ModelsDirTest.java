package kos.lora.peft;

import kos.sim.KosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsDirTest {
    @Test
    void namesThatWouldEscapeAreRefused(@TempDir Path tmp) throws Exception {
        ModelsDir m = new ModelsDir(tmp.resolve("models"));
        for (String bad : List.of("..", "../x", "/etc", "a/b", "a\\b", ".hidden", "", "a..b", "x y", "~root")) {
            assertThrows(KosException.class, () -> m.resolve(bad), bad);
        }
        assertEquals(tmp.resolve("models").resolve("ok-1.v2").toAbsolutePath(), m.resolve("ok-1.v2"));

        Files.createDirectories(m.root());
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve(PeftAdapter.CONFIG_FILE), "{}");
        Files.createSymbolicLink(m.root().resolve("link"), outside);
        assertTrue(assertThrows(KosException.class, () -> m.resolve("link")).getMessage().contains("symbolic link"));
        assertFalse(m.list().contains("link"), "links are not listed");
        assertThrows(KosException.class, () -> m.delete("link"));
        assertTrue(Files.exists(outside.resolve(PeftAdapter.CONFIG_FILE)), "nothing outside was touched");
    }

    @Test
    void listAndDelete(@TempDir Path tmp) throws Exception {
        ModelsDir m = new ModelsDir(tmp);
        assertEquals(List.of(), m.list());
        for (String n : List.of("b", "a")) {
            Files.createDirectories(tmp.resolve(n));
            Files.writeString(tmp.resolve(n).resolve(PeftAdapter.CONFIG_FILE), "{}");
        }
        Files.createDirectories(tmp.resolve("not-an-adapter"));
        assertEquals(List.of("a", "b"), m.list());
        assertEquals(2, ModelsDir.sizeOnDisk(tmp.resolve("a")));
        m.delete("a");
        assertEquals(List.of("b"), m.list());
        assertTrue(assertThrows(KosException.class, () -> m.delete("a")).getMessage().contains("no adapter named 'a'"));
    }

    @Test
    void systemPropertyChoosesTheRoot(@TempDir Path tmp) {
        String old = System.getProperty(ModelsDir.PROPERTY);
        try {
            System.setProperty(ModelsDir.PROPERTY, tmp.toString());
            assertEquals(tmp.toAbsolutePath().normalize(), ModelsDir.standard().root());
            System.clearProperty(ModelsDir.PROPERTY);
            assertTrue(ModelsDir.standard().root().endsWith(Path.of(".kos", "models")));
        } finally {
            if (old != null) {
                System.setProperty(ModelsDir.PROPERTY, old);
            }
        }
    }
}
