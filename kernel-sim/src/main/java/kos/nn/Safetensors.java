package kos.nn;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kos.sim.AtomicFiles;
import kos.sim.KosException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format:
 * an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON mapping each tensor name
 * to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the data
 * section, end exclusive) plus an optional {@code "__metadata__"} string map, then the data,
 * little-endian and row-major.
 *
 * <p><b>Writing</b> produces F32 tensors in name order, {@code __metadata__} first, compact JSON
 * padded with spaces so the data starts at a multiple of 8, written atomically.
 *
 * <p><b>Reading</b> accepts F32, F16, BF16 and F64 (converted to float) and rejects, with a
 * {@link KosException} naming the problem: a header length beyond the file or beyond
 * {@value #MAX_HEADER} bytes, a header that is not UTF-8 or not one JSON object (duplicate keys
 * included), unknown dtypes, shapes or offsets of the wrong type, negative dimensions, element
 * counts that overflow, byte lengths that do not match dtype x shape, and offsets out of range,
 * overlapping or leaving gaps (the tensors must tile the data section exactly). Every length taken
 * from the file is checked against the file's real size before anything is allocated from it.
 */
public final class Safetensors {
    /** The format's limit on the header length, in bytes. */
    public static final long MAX_HEADER = 100_000_000L;
    /** Largest file {@link #read} loads into memory. */
    public static final long MAX_FILE = Integer.MAX_VALUE - 64;
    private static final String METADATA = "__metadata__";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Safetensors() {
    }

    // ---------------------------------------------------------------- writing

    /** Writes {@code tensors} (as F32, in name order) and {@code metadata} to {@code file} atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        AtomicFiles.write(file, toBytes(tensors, metadata));
    }

    /** The bytes {@link #write} would write. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        TreeMap<String, Tensor> sorted = new TreeMap<>(tensors);
        if (sorted.containsKey(METADATA)) {
            throw new IllegalArgumentException(METADATA + " is reserved and cannot name a tensor");
        }
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            Tensor t = e.getValue();
            ObjectNode info = header.putObject(e.getKey());
            info.put("dtype", DType.F32.name());
            ArrayNode shape = info.putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
            long end = offset + 4L * t.data().length;
            info.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialise a safetensors header", e);
        }
        int padded = (json.length + 7) & ~7;
        long total = 8L + padded + offset;
        if (total > MAX_FILE) {
            throw new KosException("tensors too large for one safetensors file kos can write: " + total + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded);
        buf.put(json);
        for (int i = json.length; i < padded; i++) {
            buf.put((byte) ' ');
        }
        for (Tensor t : sorted.values()) {
            for (float f : t.data()) {
                buf.putFloat(f);
            }
        }
        return buf.array();
    }

    // ---------------------------------------------------------------- reading

    /** Reads and validates {@code file}. */
    public static SafetensorsFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KosException(file + ": no such file");
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            if (size > MAX_FILE) {
                throw new KosException(file + ": " + size + " bytes is larger than kos loads (" + MAX_FILE + ")");
            }
            if (size >= 8) {
                // check the declared header length against the real size before reading anything large
                ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                while (head.hasRemaining() && ch.read(head) >= 0) {
                    // keep reading
                }
                head.flip();
                checkHeaderLength(head.getLong(), size, file.toString());
            }
        } catch (IOException e) {
            throw new KosException("cannot read " + file + ": " + e.getMessage(), e);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new KosException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    /** Whether {@code file} is a regular file (not following links) with a {@code .safetensors} name. */
    public static boolean looksLike(Path file) {
        return file.getFileName().toString().endsWith(".safetensors") && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    private static void checkHeaderLength(long n, long fileSize, String source) {
        if (n < 0 || n > MAX_HEADER) {
            throw new KosException(source + ": header length " + Long.toUnsignedString(n)
                    + " exceeds the safetensors limit of " + MAX_HEADER + " bytes");
        }
        if (n > fileSize - 8) {
            throw new KosException(source + ": header length " + n + " is larger than the file ("
                    + (fileSize - 8) + " bytes after the length field)");
        }
    }

    /**
     * Parses and validates a whole safetensors file held in memory.
     *
     * @param source names the file in error messages
     */
    public static SafetensorsFile parse(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw new KosException(source + ": " + bytes.length + " bytes is too short for a safetensors file (needs the 8-byte header length)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        checkHeaderLength(n, bytes.length, source);
        int headerLen = (int) n;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, headerLen)).toString();
        } catch (CharacterCodingException e) {
            throw new KosException(source + ": header is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new KosException(source + ": header is not valid JSON: " + oneLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new KosException(source + ": header must be a JSON object");
        }
        long dataStart = 8L + headerLen;
        long dataLen = bytes.length - dataStart;

        TreeMap<String, String> metadata = new TreeMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> f : root.properties()) {
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals(METADATA)) {
                if (!v.isObject()) {
                    throw new KosException(source + ": " + METADATA + " must be an object of strings");
                }
                for (Map.Entry<String, JsonNode> kv : v.properties()) {
                    if (!kv.getValue().isTextual()) {
                        throw new KosException(source + ": " + METADATA + " value of '" + kv.getKey() + "' must be a string");
                    }
                    metadata.put(kv.getKey(), kv.getValue().textValue());
                }
                continue;
            }
            entries.add(entry(source, name, v, dataLen));
        }

        // the tensors must tile [0, dataLen) exactly
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end).thenComparing(Entry::name));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin < expected) {
                throw new KosException(source + ": tensor '" + e.name + "' data_offsets [" + e.begin + ", " + e.end
                        + "] overlap the previous tensor, which ends at " + expected);
            }
            if (e.begin > expected) {
                throw new KosException(source + ": gap in the data before tensor '" + e.name + "' (bytes " + expected + " to " + e.begin + " belong to no tensor)");
            }
            expected = e.end;
        }
        if (expected != dataLen) {
            throw new KosException(source + ": the data section has " + dataLen + " bytes but the tensors cover " + expected);
        }

        TreeMap<String, Tensor> tensors = new TreeMap<>();
        for (Entry e : entries) {
            if (!e.dtype.readable()) {
                throw new KosException(source + ": tensor '" + e.name + "' has dtype " + e.dtype + "; kos reads F32, F16, BF16 and F64");
            }
            tensors.put(e.name, new Tensor(e.dtype, e.shape, decode(buf, dataStart + e.begin, e.dtype, (int) e.count)));
        }
        return new SafetensorsFile(tensors, metadata);
    }

    private record Entry(String name, DType dtype, int[] shape, long count, long begin, long end) {
    }

    private static Entry entry(String source, String name, JsonNode v, long dataLen) {
        String where = source + ": tensor '" + name + "'";
        if (!v.isObject()) {
            throw new KosException(where + " must be an object with dtype, shape and data_offsets");
        }
        JsonNode dt = v.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw new KosException(where + ": dtype must be a string");
        }
        DType dtype = DType.parse(dt.textValue());
        if (dtype == null) {
            throw new KosException(where + ": unknown dtype '" + dt.textValue() + "'");
        }
        JsonNode sh = v.get("shape");
        if (sh == null || !sh.isArray()) {
            throw new KosException(where + ": shape must be an array of integers");
        }
        int[] shape = new int[sh.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = integer(sh.get(i), where + ": shape");
            if (d < 0) {
                throw new KosException(where + ": negative dimension " + d + " in shape");
            }
            if (d > Integer.MAX_VALUE) {
                throw new KosException(where + ": dimension " + d + " is too large");
            }
            shape[i] = (int) d;
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException ex) {
                throw new KosException(where + ": element count overflows");
            }
        }
        JsonNode off = v.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2) {
            throw new KosException(where + ": data_offsets must be an array of two integers");
        }
        long begin = integer(off.get(0), where + ": data_offsets");
        long end = integer(off.get(1), where + ": data_offsets");
        if (begin < 0 || end < begin) {
            throw new KosException(where + ": data_offsets [" + begin + ", " + end + "] must satisfy 0 <= begin <= end");
        }
        if (end > dataLen) {
            throw new KosException(where + ": data_offsets [" + begin + ", " + end + "] are out of range (the data section has " + dataLen + " bytes)");
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(count, (long) dtype.bytes());
        } catch (ArithmeticException ex) {
            throw new KosException(where + ": byte length overflows");
        }
        if (end - begin != bytes) {
            throw new KosException(where + ": data_offsets [" + begin + ", " + end + "] hold " + (end - begin)
                    + " bytes but " + dtype + " " + Arrays.toString(shape) + " needs " + bytes);
        }
        return new Entry(name, dtype, shape, count, begin, end);
    }

    private static long integer(JsonNode n, String what) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new KosException(what + " must hold integers in range, found " + (n == null ? "nothing" : abbreviate(n.toString())));
        }
        return n.longValue();
    }

    private static float[] decode(ByteBuffer buf, long start, DType dtype, int count) {
        float[] out = new float[count];
        int p = (int) start;
        switch (dtype) {
            case F32 -> {
                for (int i = 0; i < count; i++, p += 4) {
                    out[i] = buf.getFloat(p);
                }
            }
            case F64 -> {
                for (int i = 0; i < count; i++, p += 8) {
                    out[i] = (float) buf.getDouble(p);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++, p += 2) {
                    out[i] = Float.float16ToFloat(buf.getShort(p));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++, p += 2) {
                    out[i] = Float.intBitsToFloat((buf.getShort(p) & 0xffff) << 16);
                }
            }
            default -> throw new IllegalStateException("not readable: " + dtype);
        }
        return out;
    }

    private static String oneLine(String s) {
        return s == null ? "" : abbreviate(s.replaceAll("\\s+", " ").trim());
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
