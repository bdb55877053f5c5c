package kos.nn;

import kos.sim.KosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {
    /** Raw file bytes: the given header length field, header text and data, no padding added. */
    static byte[] raw(long n, String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(n).put(h).put(data);
        return b.array();
    }

    static byte[] raw(String header, byte[] data) {
        return raw(header.getBytes(StandardCharsets.UTF_8).length, header, data);
    }

    static byte[] f32(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    @Test
    void referenceVectorHeaderIs64Bytes() {
        float[] v = {1, 2, 3, 4, 5, 6};
        byte[] bytes = Safetensors.toBytes(Map.of("attn.0", Tensor.f32(v, 1, 2, 3)), Map.of());
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(64, n);
        String header = new String(bytes, 8, 64, StandardCharsets.UTF_8);
        // the compact JSON is exactly 64 bytes, already 8-byte aligned, so no padding follows
        assertEquals("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", header);
        assertEquals(8 + 64 + 24, bytes.length);
        SafetensorsFile f = Safetensors.parse(bytes, "ref");
        assertArrayEquals(new int[]{1, 2, 3}, f.tensor("attn.0").shape());
        assertArrayEquals(v, f.tensor("attn.0").data());
    }

    @Test
    void roundTripWithMetadataThroughAnAtomicFile(@TempDir Path dir) throws Exception {
        TreeMap<String, Tensor> ts = new TreeMap<>();
        ts.put("b.weight", Tensor.f32(new float[]{-0f, Float.MIN_VALUE, Float.MAX_VALUE, 1.5f}, 2, 2));
        ts.put("a.bias", Tensor.f32(new float[]{7}, 1));
        ts.put("empty", Tensor.f32(new float[0], 0, 5));
        Path file = dir.resolve("x.safetensors");
        Safetensors.write(file, ts, Map.of("format", "pt", "kos.seed", "42"));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temporary file left behind");
        }
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "data starts 8-byte aligned");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\",\"kos.seed\":\"42\"}"), header);
        assertTrue(header.endsWith(" ") || header.endsWith("}"), "padded with spaces only");
        SafetensorsFile f = Safetensors.read(file);
        assertEquals(ts.keySet(), f.tensors().keySet());
        for (String k : ts.keySet()) {
            assertArrayEquals(ts.get(k).data(), f.tensor(k).data(), k);
            assertArrayEquals(ts.get(k).shape(), f.tensor(k).shape(), k);
        }
        assertEquals(Map.of("format", "pt", "kos.seed", "42"), f.metadata());
        assertThrows(KosException.class, () -> f.tensor("missing"));
    }

    @Test
    void readsF16BF16AndF64() {
        // F16 1.0 = 0x3C00, -2.0 = 0xC000; BF16 1.0 = 0x3F80, 0.5 = 0x3F00; F64 0.25
        byte[] data = {0x00, 0x3C, 0x00, (byte) 0xC0, (byte) 0x80, 0x3F, 0x00, 0x3F, 0, 0, 0, 0, 0, 0, (byte) 0xD0,
                0x3F};
        String h = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[8,16]}}";
        SafetensorsFile f = Safetensors.parse(raw(h, data), "t");
        assertArrayEquals(new float[]{1, -2}, f.tensor("h").data());
        assertArrayEquals(new float[]{1, 0.5f}, f.tensor("b").data());
        assertArrayEquals(new float[]{0.25f}, f.tensor("d").data());
        assertEquals(DType.BF16, f.tensor("b").dtype());
    }

    private static void rejects(byte[] file, String expectedPart) {
        KosException e = assertThrows(KosException.class, () -> Safetensors.parse(file, "t.safetensors"));
        assertTrue(e.getMessage().contains(expectedPart), () -> "message '" + e.getMessage() + "' should mention '"
                + expectedPart + "'");
    }

    private static final String ONE = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    @Test
    void rejectsEachKindOfMalformedFile() {
        byte[] d8 = f32(1, 2);
        rejects(new byte[5], "too short");
        rejects(raw(1000, ONE, d8), "larger than the file");
        rejects(raw(100_000_001L, ONE, d8), "exceeds the safetensors limit");
        rejects(raw(-1L, ONE, d8), "exceeds the safetensors limit");
        rejects(raw(ONE.replace("}}", "}"), d8), "not valid JSON");
        rejects(raw("[1,2]", new byte[0]), "must be a JSON object");
        rejects(raw(ONE + " x", d8), "not valid JSON");
        String empty = "{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}";
        rejects(raw("{\"w\":" + empty + ",\"w\":" + empty + "}", new byte[0]), "not valid JSON");
        byte[] badUtf8 = raw("{\"w\u00e9\":{}}", new byte[0]);
        badUtf8[8 + 3] = (byte) 0xFF;
        rejects(badUtf8, "not valid UTF-8");
        rejects(raw(ONE.replace("F32", "F33"), d8), "unknown dtype 'F33'");
        rejects(raw(ONE.replace("\"F32\"", "32"), d8), "dtype must be a string");
        rejects(raw(ONE.replace("[2]", "\"2\""), d8), "shape must be an array");
        rejects(raw(ONE.replace("[2]", "[2.5]"), d8), "integers");
        rejects(raw(ONE.replace("[2]", "[-2]"), d8), "negative dimension");
        rejects(raw(ONE.replace("[2]", "[4294967296,4294967296,4294967296]"), d8), "dimension 4294967296 is too large");
        rejects(raw(ONE.replace("[2]", "[2147483647,2147483647,2147483647,2147483647,2147483647]"), d8), "overflows");
        rejects(raw(ONE.replace("[0,8]", "[0]"), d8), "two integers");
        rejects(raw(ONE.replace("[0,8]", "[\"0\",8]"), d8), "integers");
        rejects(raw(ONE.replace("[0,8]", "[0,99999999999999999999999]"), d8), "integers in range");
        rejects(raw(ONE.replace("[0,8]", "[0,16]"), f32(1, 2)), "out of range");
        rejects(raw(ONE.replace("[0,8]", "[8,0]"), d8), "0 <= begin <= end");
        rejects(raw(ONE.replace("[2]", "[3]"), d8), "needs 12");
        rejects(raw(ONE.replace("[0,8]", "[4,12]"), f32(1, 2, 3)), "gap in the data");
        rejects(raw(ONE, f32(1, 2, 3)), "tensors cover 8");
        String two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        rejects(raw(two, f32(1, 2, 3)), "overlap");
        rejects(raw(ONE.replace("F32", "I64").replace("[2]", "[1]"), d8), "kos reads F32, F16, BF16 and F64");
        rejects(raw("{\"__metadata__\":{\"a\":1}}", new byte[0]), "must be a string");
        rejects(raw("{\"w\":[]}", new byte[0]), "must be an object");
    }

    @Test
    void readRejectsLengthBeyondTheFileBeforeReadingIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.safetensors");
        Files.write(f, raw(Long.MAX_VALUE, ONE, f32(1, 2)));
        KosException e = assertThrows(KosException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
        assertThrows(KosException.class, () -> Safetensors.read(dir.resolve("none.safetensors")));
        Files.write(f, raw(99_000_000, ONE, f32(1, 2)));
        assertTrue(assertThrows(KosException.class,
                () -> Safetensors.read(f)).getMessage().contains("larger than the file"));
    }

    @Test
    void emptyHeaderObjectWithNoDataIsValid() {
        assertTrue(Safetensors.parse(raw("{}", new byte[0]), "t").tensors().isEmpty());
    }
}
