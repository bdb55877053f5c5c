package kos.nn;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kos.sim.AtomicFiles;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.SafeText;
import kos.sim.io.BoundedRead;
import kos.sim.io.DirHandle;
import kos.sim.io.JsonErrors;

import java.io.IOException;
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
 * {@value #MAX_HEADER_READ} bytes, more than {@value #MAX_TENSORS} tensors or {@value #MAX_METADATA}
 * metadata entries, tensors whose floats would take more than half the free heap, a header that
 * is not UTF-8 or not one JSON object (duplicate keys
 * included), unknown dtypes, shapes or offsets of the wrong type, negative dimensions, element
 * counts that overflow, byte lengths that do not match dtype x shape, and offsets out of range,
 * overlapping or leaving gaps (the tensors must tile the data section exactly). Every length taken
 * from the file is checked against the file's real size before anything is allocated from it, and
 * the data is decoded in 64 KiB chunks, so reading needs the floats plus a small constant, not a
 * copy of the file. Names and values quoted in messages are escaped and capped ({@link SafeText}).
 */
public final class Safetensors {
    /** The format's limit on the header length, in bytes. */
    public static final long MAX_HEADER = 100_000_000L;
    /** kos's own limit on the header length it reads, in bytes (16 MiB: far more than 65,536 tensors need). */
    public static final long MAX_HEADER_READ = 16L << 20;
    /** The most tensors one file may hold. */
    public static final int MAX_TENSORS = 65_536;
    /** The most {@code __metadata__} entries. */
    public static final int MAX_METADATA = 4_096;
    /** The most dimensions of one tensor. */
    public static final int MAX_RANK = 16;
    /** The most elements of one tensor (a Java array's limit). */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    /** Largest file {@link #toBytes} writes in one piece. */
    public static final long MAX_FILE = Integer.MAX_VALUE - 64;
    private static final int CHUNK = 64 << 10;
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

    /** Reads and validates {@code file} (a path the user named: links on the way are followed; not a device or FIFO). */
    public static SafetensorsFile read(Path file) {
        if (!Files.exists(file)) {
            throw new KosException(q(file) + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new KosException(q(file) + ": not a regular file");
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            return read(ch, q(file));
        } catch (IOException e) {
            throw new KosException("cannot read " + q(file) + ": " + SafeText.quote(String.valueOf(e.getMessage())), e);
        }
    }

    /** Reads and validates file {@code name} of an open directory, never following a link. */
    public static SafetensorsFile read(DirHandle dir, String name) {
        String source = q(dir.path().resolve(name));
        try (SeekableByteChannel ch = dir.openFile(name)) {
            return read(ch, source);
        } catch (IOException e) {
            throw new KosException("cannot read " + source + ": " + SafeText.quote(String.valueOf(e.getMessage())), e);
        }
    }

    /** Whether {@code file} is a regular file (not following links) with a {@code .safetensors} name. */
    public static boolean looksLike(Path file) {
        return file.getFileName().toString().endsWith(".safetensors")
                && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Parses and validates a whole safetensors file held in memory.
     *
     * @param source names the file in error messages
     */
    public static SafetensorsFile parse(byte[] bytes, String source) {
        try (SeekableByteChannel ch = new SeekableInMemoryChannel(bytes)) {
            return read(ch, source);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a safetensors file from {@code ch}: the header (at most {@value #MAX_HEADER_READ} bytes,
     * at most {@value #MAX_TENSORS} tensors and {@value #MAX_METADATA} metadata entries) is parsed as
     * a stream, every offset is checked against the channel's size, the total of the decoded floats
     * is checked against the free heap, and only then is each tensor read, in chunks of
     * {@value #CHUNK} bytes, straight into its float array.
     */
    static SafetensorsFile read(SeekableByteChannel ch, String source) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new KosException(source + ": " + size
                    + " bytes is too short for a safetensors file (needs the 8-byte header length)");
        }
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        BoundedRead.fully(ch, 0, head, source);
        long n = head.getLong(0);
        checkHeaderLength(n, size, source);
        ByteBuffer header = ByteBuffer.allocate((int) n);
        BoundedRead.fully(ch, 8, header, source);
        long dataStart = 8L + n;
        long dataLen = size - dataStart;
        Header h = parseHeader(header.array(), source, dataLen);

        long floats = 0;
        for (Entry e : h.entries) {
            if (!e.dtype.readable()) {
                throw new KosException(source + ": tensor '" + SafeText.quote(e.name) + "' has dtype " + e.dtype
                        + "; kos reads F32, F16, BF16 and F64");
            }
            if (e.count > MAX_ELEMENTS) {
                throw new KosException(source + ": tensor '" + SafeText.quote(e.name) + "' has " + e.count
                        + " elements; kos holds at most " + MAX_ELEMENTS + " in one tensor");
            }
            floats += e.count;
        }
        if (!BoundedRead.fitsInHeap(floats * 4)) {
            throw new KosException(source + ": its tensors need " + Quantities.formatBytes(floats * 4)
                    + " of memory as floats but only "
                    + Quantities.formatBytes(BoundedRead.heapAllowance())
                    + " can be spared (raise -Xmx, e.g. KOS_OPTS=-Xmx4g)");
        }
        TreeMap<String, Tensor> tensors = new TreeMap<>();
        int chunkBytes = (int) Math.min(CHUNK, Math.max(8, dataLen));
        ByteBuffer chunk = ByteBuffer.allocate(chunkBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : h.entries) {
            float[] data = decode(ch, dataStart + e.begin, e.dtype, (int) e.count, chunk, source);
            tensors.put(e.name, new Tensor(e.dtype, e.shape, data));
        }
        return new SafetensorsFile(tensors, h.metadata);
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
        if (n > MAX_HEADER_READ) {
            throw new KosException(source + ": header length " + n + " exceeds kos's limit of " + MAX_HEADER_READ
                    + " bytes (" + MAX_TENSORS + " tensors need far less)");
        }
    }

    private record Header(List<Entry> entries, TreeMap<String, String> metadata) {
    }

    private record Entry(String name, DType dtype, int[] shape, long count, long begin, long end) {
    }

    private static Header parseHeader(byte[] header, String source, long dataLen) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header)).toString();
            try (JsonParser p = JSON.createParser(text)) {
                return parseHeader(p, source, dataLen);
            }
        } catch (CharacterCodingException e) {
            throw new KosException(source + ": header is not valid UTF-8");
        } catch (JacksonException e) {
            throw new KosException(source + ": header is not valid JSON: " + JsonErrors.describe(e));
        } catch (IOException e) {
            throw new KosException(source + ": cannot parse the header: " + oneLine(e.getMessage()));
        }
    }

    private static Header parseHeader(JsonParser p, String source, long dataLen) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new KosException(source + ": header must be a JSON object");
        }
        TreeMap<String, String> metadata = new TreeMap<>();
        List<Entry> entries = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (name.equals(METADATA)) {
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    throw new KosException(source + ": " + METADATA + " must be an object of strings");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    if (p.nextToken() != JsonToken.VALUE_STRING) {
                        throw new KosException(source + ": " + METADATA + " value of '" + SafeText.quote(k)
                                + "' must be a string");
                    }
                    if (metadata.size() >= MAX_METADATA) {
                        throw new KosException(source + ": " + METADATA + " has more than " + MAX_METADATA
                                + " entries");
                    }
                    metadata.put(k, p.getText());
                }
                continue;
            }
            if (entries.size() >= MAX_TENSORS) {
                throw new KosException(source + ": more than " + MAX_TENSORS + " tensors; kos reads at most "
                        + MAX_TENSORS);
            }
            entries.add(entry(source, name, p, dataLen));
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
            throw new KosException(source + ": header must be exactly one JSON object");
        }
        // the tensors must tile [0, dataLen) exactly
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end).thenComparing(Entry::name));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin < expected) {
                throw new KosException(source + ": tensor '" + SafeText.quote(e.name) + "' data_offsets [" + e.begin
                        + ", " + e.end
                        + "] overlap the previous tensor, which ends at " + expected);
            }
            if (e.begin > expected) {
                throw new KosException(source + ": gap in the data before tensor '" + SafeText.quote(e.name)
                        + "' (bytes " + expected
                        + " to " + e.begin + " belong to no tensor)");
            }
            expected = e.end;
        }
        if (expected != dataLen) {
            throw new KosException(source + ": the data section has " + dataLen + " bytes but the tensors cover "
                    + expected);
        }
        return new Header(entries, metadata);
    }

    private static Entry entry(String source, String name, JsonParser p, long dataLen) throws IOException {
        String where = source + ": tensor '" + SafeText.quote(name) + "'";
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new KosException(where + " must be an object with dtype, shape and data_offsets");
        }
        DType dtype = null;
        int[] shape = null;
        long count = 1, begin = -1, end = -1;
        boolean offsets = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (t != JsonToken.VALUE_STRING) {
                        throw new KosException(where + ": dtype must be a string");
                    }
                    dtype = DType.parse(p.getText());
                    if (dtype == null) {
                        throw new KosException(where + ": unknown dtype '" + SafeText.quote(p.getText()) + "'");
                    }
                }
                case "shape" -> {
                    if (t != JsonToken.START_ARRAY) {
                        throw new KosException(where + ": shape must be an array of integers");
                    }
                    int[] dims = new int[MAX_RANK];
                    int rank = 0;
                    count = 1;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        long d = integer(p, where + ": shape");
                        if (rank == MAX_RANK) {
                            throw new KosException(where + ": shape has more than " + MAX_RANK + " dimensions");
                        }
                        if (d < 0) {
                            throw new KosException(where + ": negative dimension " + d + " in shape");
                        }
                        if (d > Integer.MAX_VALUE) {
                            throw new KosException(where + ": dimension " + d + " is too large");
                        }
                        dims[rank++] = (int) d;
                        try {
                            count = Math.multiplyExact(count, d);
                        } catch (ArithmeticException ex) {
                            throw new KosException(where + ": element count overflows");
                        }
                    }
                    shape = Arrays.copyOf(dims, rank);
                }
                case "data_offsets" -> {
                    if (t != JsonToken.START_ARRAY) {
                        throw new KosException(where + ": data_offsets must be an array of two integers");
                    }
                    if (p.nextToken() == JsonToken.END_ARRAY) {
                        throw new KosException(where + ": data_offsets must be an array of two integers");
                    }
                    begin = integer(p, where + ": data_offsets");
                    if (p.nextToken() == JsonToken.END_ARRAY) {
                        throw new KosException(where + ": data_offsets must be an array of two integers");
                    }
                    end = integer(p, where + ": data_offsets");
                    if (p.nextToken() != JsonToken.END_ARRAY) {
                        throw new KosException(where + ": data_offsets must be an array of two integers");
                    }
                    offsets = true;
                }
                default -> p.skipChildren();
            }
        }
        if (dtype == null) {
            throw new KosException(where + ": dtype must be a string");
        }
        if (shape == null) {
            throw new KosException(where + ": shape must be an array of integers");
        }
        if (!offsets) {
            throw new KosException(where + ": data_offsets must be an array of two integers");
        }
        if (begin < 0 || end < begin) {
            throw new KosException(where + ": data_offsets [" + begin + ", " + end
                    + "] must satisfy 0 <= begin <= end");
        }
        if (end > dataLen) {
            throw new KosException(where + ": data_offsets [" + begin + ", " + end
                    + "] are out of range (the data section has "
                    + dataLen + " bytes)");
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

    private static long integer(JsonParser p, String what) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            String shown = t == null ? "nothing" : t.isStructStart() ? "a nested value" : abbreviate(p.getText());
            throw new KosException(what + " must hold integers in range, found " + SafeText.quote(shown));
        }
        return p.getLongValue();
    }

    private static float[] decode(SeekableByteChannel ch, long start, DType dtype, int count, ByteBuffer chunk,
            String source)
            throws IOException {
        float[] out = new float[count];
        int width = dtype.bytes();
        int perChunk = chunk.capacity() / width;
        ch.position(start);
        for (int i = 0; i < count; ) {
            int k = Math.min(perChunk, count - i);
            chunk.clear().limit(k * width);
            while (chunk.hasRemaining()) {
                if (ch.read(chunk) < 0) {
                    throw new KosException(source + ": the file ends early (it shrank while it was read?)");
                }
            }
            chunk.flip();
            switch (dtype) {
                case F32 -> {
                    for (int j = 0; j < k; j++) {
                        out[i + j] = chunk.getFloat();
                    }
                }
                case F64 -> {
                    for (int j = 0; j < k; j++) {
                        out[i + j] = (float) chunk.getDouble();
                    }
                }
                case F16 -> {
                    for (int j = 0; j < k; j++) {
                        out[i + j] = Float.float16ToFloat(chunk.getShort());
                    }
                }
                case BF16 -> {
                    for (int j = 0; j < k; j++) {
                        out[i + j] = Float.intBitsToFloat((chunk.getShort() & 0xffff) << 16);
                    }
                }
                default -> throw new IllegalStateException("not readable: " + dtype);
            }
            i += k;
        }
        return out;
    }

    private static String q(Path p) {
        return SafeText.quote(p.toString());
    }

    private static String oneLine(String s) {
        return s == null ? "" : abbreviate(s.replaceAll("\\s+", " ").trim());
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
