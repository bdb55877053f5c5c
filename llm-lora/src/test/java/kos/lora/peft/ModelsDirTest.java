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
        assertTrue(m.list().contains("link"), "a link is listed, as broken, so its name is never stuck");
        assertEquals("a symbolic link (refused)", m.status("link").problem());
        assertTrue(assertThrows(KosException.class, () -> m.load("link")).getMessage().contains("symbolic link"));
        m.delete("link");
        assertFalse(Files.exists(m.root().resolve("link"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "the link is gone");
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
        assertEquals(List.of("a", "b", "not-an-adapter"), m.list());
        assertTrue(m.status("not-an-adapter").problem().contains("no adapter_config.json"),
                m.status("not-an-adapter").problem());
        m.delete("not-an-adapter");
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

    @Test
    void anAdapterWhoseBaseIsMissingIsListedAsBrokenAndNonFiniteWeightsAreRefused(@TempDir Path tmp) throws Exception {
        ModelsDir m = new ModelsDir(tmp.resolve("models"));
        PeftAdapter a = PeftAdapter.load(PeftAdapterTest.peftDir(tmp, "F32"));
        java.util.TreeMap<String, String> meta = new java.util.TreeMap<>(a.metadata());
        meta.put("kos.base", PeftAdapter.BASE_FILE);
        PeftAdapter carrying = new PeftAdapter(a.config(), a.modules(), meta);
        m.save("ok", carrying, java.util.Map.of(PeftAdapter.BASE_FILE, new byte[8]), false);
        assertEquals(null, m.status("ok").problem());
        m.save("nobase", carrying, java.util.Map.of(), false);
        assertEquals("its base_model.safetensors is missing", m.status("nobase").problem());

        a.module("fc").loraB()[1] = Float.NaN;
        m.save("nan", a, java.util.Map.of(), false);
        KosException e = assertThrows(KosException.class, () -> m.load("nan"));
        assertTrue(e.getMessage().contains("lora_B holds NaN at index 1"), e.getMessage());
    }
}
