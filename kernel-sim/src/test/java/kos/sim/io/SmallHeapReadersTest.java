package kos.sim.io;

import kos.nn.Safetensors;
import kos.nn.SafetensorsFile;
import kos.nn.Tensor;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The safetensors reader at -Xmx256m, in a child JVM: a 100 MB header, a 200 MB tensor, a header
 * of a million zero-size tensors, 65,537 tiny tensors and a heap-sized tensor are each refused with
 * a clear message, and a 48 MB file is read; the child never dies of OutOfMemoryError.
 */
class SmallHeapReadersTest {
    /** Runs in the child: prints one line per case, exits 0 only if every case behaved. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int bad = 0;
        bad += expect(sparse(dir.resolve("header100m.safetensors"), 100_000_000L, "{}", 100_000_008L),
                "exceeds kos's limit");
        bad += expect(sparse(dir.resolve("tensor200m.safetensors"), -1,
                "{\"t\":{\"dtype\":\"F32\",\"shape\":[50000000],\"data_offsets\":[0,200000000]}}", 200_000_000L),
                        "can be spared");
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 1_000_000; i++) {
            many.append(i == 0 ? ""
                    : ",").append("\"t").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}");
        }
        bad += expect(sparse(dir.resolve("million.safetensors"), -1, many.append('}').toString(), 0),
                "exceeds kos's limit");
        StringBuilder limit = new StringBuilder("{");
        for (int i = 0; i <= Safetensors.MAX_TENSORS; i++) {
            limit.append(i == 0 ? ""
                    : ",").append("\"").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}");
        }
        bad += expect(sparse(dir.resolve("count.safetensors"), -1, limit.append('}').toString(), 0),
                "more than 65536 tensors");
        Path ok = dir.resolve("ok.safetensors");
        Safetensors.write(ok, Map.of("w", Tensor.f32(new float[12_000_000], 12_000_000)), Map.of());
        try {
            SafetensorsFile f = Safetensors.read(ok);
            System.out.println("ok: read " + f.tensor("w").data().length + " floats");
        } catch (Throwable t) {
            System.out.println("FAILED to read a 48 MB file: " + t);
            bad++;
        }
        System.out.flush();
        System.exit(bad == 0 ? 0 : 1);
    }

    private static int expect(Path file, String part) {
        try {
            Safetensors.read(file);
            System.out.println("FAILED: " + file.getFileName() + " was read");
            return 1;
        } catch (KosException e) {
            boolean good = e.getMessage().contains(part) && e.getMessage().length() < 1000;
            System.out.println((good ? "ok: " : "FAILED: ") + e.getMessage());
            return good ? 0 : 1;
        } catch (Throwable t) {
            System.out.println("FAILED: " + file.getFileName() + " threw " + t);
            return 1;
        }
    }

    /** A file with the given header (declared length {@code declared}, or its real length) and {@code data} bytes of zeros, sparse. */
    private static Path sparse(Path file, long declared, String header, long data) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        long n = declared >= 0 ? declared : h.length;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array());
            f.write(h);
            f.setLength(8 + Math.max(n, h.length) + data);
        }
        return file;
    }

    @Test
    void readersHoldAt256MegabytesOfHeap(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("child.log");
        Process p = ChildJvm.start(SmallHeapReadersTest.class, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), log,
                tmp.toString());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child finished");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(!out.contains("OutOfMemoryError") && out.lines().filter(l -> l.startsWith("ok")).count() == 5, out);
    }
}
