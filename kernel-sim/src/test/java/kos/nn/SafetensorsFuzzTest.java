package kos.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;

/**
 * Feeds the reader thousands of corrupted files (bit flips, truncations, extensions, random header
 * length fields, random edits to the JSON text and its numbers) and requires that each either
 * parses or fails with a KosException: never another exception, never an OutOfMemoryError.
 */
class SafetensorsFuzzTest {
    private static final int CASES = 12_000;
    private static final String JSON_CHARS = "{}[]\":,-.0123456789eE \u00e9\\aFBI";

    @Test
    void corruptedFilesFailOnlyWithKosException() {
        List<byte[]> seeds = seeds();
        SplittableRandom r = new SplittableRandom(20261125L);
        int parsed = 0, rejected = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] base = seeds.get(r.nextInt(seeds.size()));
            byte[] bad = mutate(base, r);
            try {
                SafetensorsFile f = Safetensors.parse(bad, "fuzz");
                long elements = f.tensors().values().stream()
                        .mapToLong(t -> t.data().length)
                        .sum();
                assertTrue(elements * 2 <= bad.length, "a parsed file holds no more elements than its bytes allow");
                parsed++;
            } catch (KosException expected) {
                assertTrue(
                        expected.getMessage() != null && !expected.getMessage().isBlank());
                rejected++;
            } catch (Throwable t) {
                fail(
                        "case " + i + " threw " + t + " for "
                                + Arrays.toString(Arrays.copyOf(bad, Math.min(bad.length, 200))),
                        t);
            }
        }
        assertEquals(CASES, parsed + rejected);
        assertTrue(rejected > CASES / 2, "most corruptions are caught: " + rejected);
        assertTrue(parsed > 0, "some corruptions leave a valid file (e.g. a flipped data bit): " + parsed);
    }

    private static List<byte[]> seeds() {
        TreeMap<String, Tensor> a = new TreeMap<>();
        a.put("base_model.model.fc.lora_A.weight", Tensor.f32(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        a.put("base_model.model.fc.lora_B.weight", Tensor.f32(new float[] {0, 0, 0, 0}, 2, 2));
        a.put("z", Tensor.f32(new float[0], 0));
        String mixed =
                "{\"__metadata__\":{\"format\":\"pt\"},\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[4,8]}}";
        return List.of(
                Safetensors.toBytes(Map.of("attn.0", Tensor.f32(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3)), Map.of()),
                Safetensors.toBytes(a, Map.of("kos.rank", "2", "note", "fuzz")),
                SafetensorsTest.raw(mixed, new byte[] {0, 0x3C, 0, 0x3C, (byte) 0x80, 0x3F, 0, 0x3F}));
    }

    static byte[] mutate(byte[] base, SplittableRandom r) {
        byte[] b = base.clone();
        int headerLen =
                (int) ByteBuffer.wrap(base).order(ByteOrder.LITTLE_ENDIAN).getLong();
        switch (r.nextInt(7)) {
            case 0 -> { // bit flips anywhere
                int flips = 1 + r.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    int p = r.nextInt(b.length);
                    b[p] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // truncation
            case 2 -> { // extension with random bytes
                b = Arrays.copyOf(b, b.length + 1 + r.nextInt(64));
                for (int p = base.length; p < b.length; p++) {
                    b[p] = (byte) r.nextInt(256);
                }
            }
            case 3 -> { // a random header length field: huge, negative, near the real one
                long n = switch (r.nextInt(4)) {
                    case 0 -> r.nextLong();
                    case 1 -> headerLen + r.nextInt(-16, 17);
                    case 2 -> r.nextLong(0, 200_000_000L);
                    default -> r.nextInt(b.length + 8);
                };
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
            }
            case 4 -> { // random character edits inside the JSON text
                int edits = 1 + r.nextInt(4);
                for (int k = 0; k < edits; k++) {
                    b[8 + r.nextInt(headerLen)] = (byte) JSON_CHARS.charAt(r.nextInt(JSON_CHARS.length()));
                }
            }
            case 5 -> b = editNumbers(base, headerLen, r); // replace the numbers of shapes and offsets
            default -> { // flips confined to the header, keeping the data intact
                int p = 8 + r.nextInt(headerLen);
                b[p] ^= (byte) (1 << r.nextInt(8));
            }
        }
        return b;
    }

    private static byte[] editNumbers(byte[] base, int headerLen, SplittableRandom r) {
        String h = new String(base, 8, headerLen, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (Character.isDigit(c) && r.nextInt(3) == 0) {
                while (i + 1 < h.length() && Character.isDigit(h.charAt(i + 1))) {
                    i++;
                }
                sb.append(
                        switch (r.nextInt(5)) {
                            case 0 -> Long.toString(r.nextLong());
                            case 1 -> "99999999999999999999999999";
                            case 2 -> Integer.toString(r.nextInt(0, 64));
                            case 3 -> "2147483647";
                            default -> "-" + r.nextInt(10);
                        });
            } else {
                sb.append(c);
            }
        }
        byte[] nh = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] data = Arrays.copyOfRange(base, 8 + headerLen, base.length);
        return SafetensorsTest.raw(nh.length, sb.toString(), data);
    }
}
