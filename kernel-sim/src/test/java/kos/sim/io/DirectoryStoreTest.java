package kos.sim.io;

import kos.sim.KosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectoryStoreTest {
    private static Map<String, byte[]> version(String v) {
        return Map.of("a.txt", ("a" + v).getBytes(StandardCharsets.UTF_8), "b.txt", ("b"
                + v).getBytes(StandardCharsets.UTF_8));
    }

    private static String read(Path dir, String file) throws Exception {
        return Files.readString(dir.resolve(file));
    }

    @Test
    void writeReplaceDeleteLeaveNoWorkingEntries(@TempDir Path tmp) throws Exception {
        DirectoryStore s = new DirectoryStore(tmp.resolve("store"), "adapter", false);
        s.write("x", version("1"), false);
        assertEquals("a1", read(tmp.resolve("store/x"), "a.txt"));
        KosException e = assertThrows(KosException.class, () -> s.write("x", version("2"), false));
        assertTrue(e.getMessage().contains("use --force"), e.getMessage());
        s.write("x", version("2"), true);
        assertEquals("b2", read(tmp.resolve("store/x"), "b.txt"));
        assertEquals(List.of("x"), s.names());
        s.delete("x");
        assertEquals(List.of(), s.names());
        try (var l = Files.list(tmp.resolve("store"))) {
            assertEquals(List.of(DirectoryStore.LOCK), l.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void theRootIsCreatedButNeverItsParents(@TempDir Path tmp) {
        DirectoryStore s = new DirectoryStore(tmp.resolve("missing/store"), "adapter", false);
        KosException e = assertThrows(KosException.class, () -> s.write("x", version("1"), false));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("missing")));
    }

    @Test
    void badNamesAreOneClearError(@TempDir Path tmp) {
        DirectoryStore s = new DirectoryStore(tmp, "adapter", false);
        for (String bad : List.of("a\u0000b", "a\nb", "\u001b]0;x\u0007", "../x", "/etc", ".hidden", "", "a b")) {
            KosException e = assertThrows(KosException.class, () -> s.write(bad, version("1"), true), bad);
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\u001b")
                    || e.getMessage().contains("\u0000"),
                    e.getMessage());
        }
    }

    /** Each state a killed writer can leave recovers to the old or the new version, never neither. */
    @Test
    void recoveryFinishesOrUndoesEveryInterruptedStep(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("store");
        Files.createDirectories(root);
        // killed while writing: the half-written new version is dropped, the old one stays
        Files.createDirectories(root.resolve("a"));
        Files.writeString(root.resolve("a/a.txt"), "old");
        Files.createDirectories(root.resolve(".kos-tmp.a.1f"));
        // killed after moving the old version aside: the complete new one becomes the name
        Files.createDirectories(root.resolve(".kos-old.b.2f"));
        Files.createDirectories(root.resolve(".kos-new.b.2f"));
        Files.writeString(root.resolve(".kos-new.b.2f/a.txt"), "new");
        // killed before the new version moved in, with no old one (a first write)
        Files.createDirectories(root.resolve(".kos-new.c.3f"));
        Files.writeString(root.resolve(".kos-new.c.3f/a.txt"), "new");
        // killed after the new one moved in: the old one is only garbage
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("d/a.txt"), "new");
        Files.createDirectories(root.resolve(".kos-old.d.4f"));
        // killed between moving the old one aside and the new one in, the new one incomplete: impossible
        // by construction (a .kos-new is complete), but an orphaned .kos-old alone is restored
        Files.createDirectories(root.resolve(".kos-old.e.5f"));
        Files.writeString(root.resolve(".kos-old.e.5f/a.txt"), "old");
        // killed while deleting
        Files.createDirectories(root.resolve(".kos-del.f.6f/sub"));

        DirectoryStore s = new DirectoryStore(root, "adapter", false);
        assertEquals(7, s.recover());
        assertEquals(List.of("a", "b", "c", "d", "e"), s.names());
        assertEquals("old", read(root.resolve("a"), "a.txt"));
        assertEquals("new", read(root.resolve("b"), "a.txt"));
        assertEquals("new", read(root.resolve("c"), "a.txt"));
        assertEquals("new", read(root.resolve("d"), "a.txt"));
        assertEquals("old", read(root.resolve("e"), "a.txt"));
        try (var l = Files.list(root)) {
            assertEquals(6, l.count(), "only the five entries and the lock remain");
        }
    }

    @Test
    void anEntrySwappedForALinkIsMovedNeverFollowed(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("store"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("a.txt"), "precious");
        Files.createSymbolicLink(root.resolve("x"), outside);
        DirectoryStore s = new DirectoryStore(root, "adapter", false);
        s.write("x", version("1"), true);
        assertTrue(Files.isDirectory(root.resolve("x"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("a1", read(root.resolve("x"), "a.txt"));
        assertEquals("precious", read(outside, "a.txt"));
        assertEquals(List.of("a.txt"), Files.list(outside).map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void filesAreOpenedByHandleWithoutFollowingLinks(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("store"));
        Files.writeString(tmp.resolve("secret"), "secret");
        Files.createDirectories(root.resolve("x"));
        Files.createSymbolicLink(root.resolve("x/base.bin"), tmp.resolve("secret"));
        try (DirHandle d = new DirectoryStore(root, "adapter", false).open("x")) {
            KosException e = assertThrows(KosException.class, () -> d.readFile("base.bin", 100));
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        }
        Files.delete(root.resolve("x/base.bin"));
        Files.writeString(root.resolve("x/big.bin"), "0123456789");
        try (DirHandle d = DirHandle.open(root).child("x")) {
            assertTrue(assertThrows(KosException.class, () -> d.readFile("big.bin",
                    5)).getMessage().contains("larger than the limit"));
            assertEquals(10, d.readFile("big.bin", 10).length);
        }
    }

    @Test
    void aSingleFileWriteSweepsTheStaleTemporaryFilesOfAKilledWriter(@TempDir Path tmp) throws Exception {
        Path stale = tmp.resolve(".m.json.kos-123.tmp"), fresh = tmp.resolve(".m.json.kos-456.tmp"),
                other = tmp.resolve(".x.kos-1.tmp");
        for (Path p : List.of(stale, fresh, other)) {
            Files.writeString(p, "half");
        }
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        Files.setLastModifiedTime(stale, old);
        Files.setLastModifiedTime(other, old);
        kos.sim.AtomicFiles.write(tmp.resolve("m.json"), "{}".getBytes(StandardCharsets.UTF_8));
        assertFalse(Files.exists(stale), "an hour-old temp file of the target is swept");
        assertTrue(Files.exists(fresh), "a young one may belong to a live writer");
        assertTrue(Files.exists(other), "another target's are left alone");
        KosException e = assertThrows(KosException.class,
                () -> kos.sim.AtomicFiles.write(tmp.resolve("no/such/dir/m.json"), new byte[1]));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("no")), "no directory was created");
    }
}
