package kos.sim.io;

import kos.sim.KosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * While a thread keeps swapping an entry (and the files in it) for symbolic links to a directory
 * outside the store, writers replace and readers read that entry: nothing outside may be written,
 * deleted or read through a link.
 */
class SymlinkRaceTest {
    @Test
    void swappingAnEntryForALinkNeverLetsAWriteOrReadEscape(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("store"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("adapter_model.safetensors"), "secret");
        Files.writeString(outside.resolve("base_model.safetensors"), "secret");
        DirectoryStore store = new DirectoryStore(root, "adapter", false);
        AtomicBoolean stop = new AtomicBoolean();
        Thread swapper = new Thread(() -> {
            while (!stop.get()) {
                try {
                    Path x = root.resolve("x");
                    Path aside = root.resolve("swap-aside");
                    if (Files.isDirectory(x, LinkOption.NOFOLLOW_LINKS)) {
                        Files.move(x, aside);
                        Files.createSymbolicLink(x, outside);
                        Files.delete(x);
                        Files.move(aside, x);
                        Path inner = x.resolve("base_model.safetensors");
                        if (Files.deleteIfExists(inner)) {
                            Files.createSymbolicLink(inner, outside.resolve("base_model.safetensors"));
                        }
                    } else if (!Files.exists(x, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(x, outside);
                        Files.delete(x);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // racing the store on purpose
                }
            }
        });
        swapper.start();
        int writes = 0, refusedReads = 0;
        try {
            for (int i = 0; i < 80; i++) {
                try {
                    store.write("x", Map.of("adapter_model.safetensors", ("v" + i).getBytes(StandardCharsets.UTF_8),
                            "base_model.safetensors", ("b" + i).getBytes(StandardCharsets.UTF_8)), true);
                    writes++;
                } catch (KosException expected) {
                    // a write may fail cleanly when the race moves its entry
                }
                try (DirHandle d = store.open("x")) {
                    byte[] b = d.readFile("base_model.safetensors", 100);
                    assertTrue(!new String(b, StandardCharsets.UTF_8).equals("secret"), "read through a link");
                } catch (KosException e) {
                    refusedReads++;
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertTrue(writes > 0, "some writes went through");
        assertEquals("secret", Files.readString(outside.resolve("adapter_model.safetensors")));
        assertEquals("secret", Files.readString(outside.resolve("base_model.safetensors")));
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(List.of("adapter_model.safetensors", "base_model.safetensors"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "nothing was created or deleted outside");
        }
        assertTrue(refusedReads >= 0);
    }
}
