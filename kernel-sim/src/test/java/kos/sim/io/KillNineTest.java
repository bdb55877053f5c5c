package kos.sim.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kos.sim.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of every kind of writer at random moments: a child JVM replaces a three-file entry of a
 * {@link DirectoryStore} (what adapters use) and a single file through {@link AtomicFiles} (what
 * safetensors, merge --out and export-metrics use) in a loop, with versions whose files all carry
 * the version number; after each kill the entry must hold one complete version (old or new, never
 * neither and never a mix), the single file one complete version, and after recovery no working
 * entry may remain and the name must be writable again.
 */
class KillNineTest {
    private static final int KILLS = 12;

    /** The writer the parent kills. */
    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        DirectoryStore store = new DirectoryStore(root.resolve("store"), "adapter", false);
        for (long v = Long.parseLong(args[1]); ; v++) {
            store.write("x", version(v), true);
            AtomicFiles.write(root.resolve("single.bin"), payload(v, 300_000));
            AtomicFiles.write(root.resolve("progress"), Long.toString(v).getBytes(StandardCharsets.US_ASCII));
        }
    }

    static Map<String, byte[]> version(long v) {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("adapter_config.json", payload(v, 200));
        files.put("adapter_model.safetensors", payload(v, 400_000));
        files.put("base_model.safetensors", payload(v, 100_000));
        return files;
    }

    /** {@code n} bytes: the version as text, then filler that depends on it. */
    static byte[] payload(long v, int n) {
        byte[] b = new byte[n];
        byte[] head = (v + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, b, 0, head.length);
        for (int i = head.length; i < n; i++) {
            b[i] = (byte) (v * 31 + i);
        }
        return b;
    }

    static long versionOf(byte[] b, int expectedLength, String what) {
        String s = new String(b, 0, Math.min(b.length, 24), StandardCharsets.US_ASCII);
        long v = Long.parseLong(s.substring(0, s.indexOf('\n')));
        assertEquals(expectedLength, b.length, what + " is torn");
        assertTrue(java.util.Arrays.equals(payload(v, expectedLength), b), what + " is not one complete version");
        return v;
    }

    @Test
    void everyKillLeavesTheOldOrTheNewVersionNeverNeither(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("store"));
        SplittableRandom r = new SplittableRandom(20261202L);
        long start = 1;
        int sawReplacements = 0;
        boolean written = false;
        for (int k = 0; k < KILLS; k++) {
            Process p = ChildJvm.start(
                    KillNineTest.class,
                    List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"),
                    tmp.toString(),
                    Long.toString(start));
            awaitFirstWrite(tmp.resolve("progress"), start);
            Thread.sleep(r.nextInt(600)); // a random moment of the write loop, however slow the child started
            p.destroyForcibly(); // SIGKILL
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            Path entry = tmp.resolve("store/x");
            // before recovery the name may be momentarily moved aside, which recovery restores; once
            // one write has finished the entry must never be gone (a slow machine may need several
            // children before the first write finishes, so "finished" is what was seen, not a count)
            new DirectoryStore(tmp.resolve("store"), "adapter", false).recover();
            if (written || Files.exists(entry)) {
                assertTrue(Files.isDirectory(entry), "kill " + k + ": the entry is gone");
                written = true;
                long v = -1;
                for (Map.Entry<String, byte[]> f : version(0).entrySet()) {
                    long fv = versionOf(Files.readAllBytes(entry.resolve(f.getKey())), f.getValue().length, f.getKey());
                    if (v >= 0 && fv != v) {
                        fail("kill " + k + ": files of versions " + v + " and " + fv + " mixed");
                    }
                    v = fv;
                }
                try (Stream<Path> s = Files.list(tmp.resolve("store"))) {
                    assertEquals(
                            List.of(".kos-lock", "x"),
                            s.map(x -> x.getFileName().toString()).sorted().toList(),
                            "kill " + k + ": working entries left after recovery");
                }
                sawReplacements += v > start ? 1 : 0;
                start = v + 1;
                if (Files.exists(tmp.resolve("single.bin"))) {
                    versionOf(Files.readAllBytes(tmp.resolve("single.bin")), 300_000, "single.bin");
                }
            }
        }
        assertTrue(sawReplacements > 0, "the writer got far enough to replace versions");
        new DirectoryStore(tmp.resolve("store"), "adapter", false).write("x", version(999), true);
        assertEquals(
                999, versionOf(Files.readAllBytes(tmp.resolve("store/x/base_model.safetensors")), 100_000, "base"));
    }

    /** Waits (at most 60 s) until the child reports a finished write of version {@code start} or later. */
    private static void awaitFirstWrite(Path progress, long start) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (Long.parseLong(Files.readString(progress).trim()) >= start) {
                    return;
                }
            } catch (java.io.IOException | NumberFormatException e) {
                // not written yet
            }
            Thread.sleep(10);
        }
        fail("the writer did not finish a write within 60 s");
    }
}
