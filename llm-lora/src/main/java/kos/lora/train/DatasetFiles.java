package kos.lora.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kos.sim.KosException;
import kos.sim.SafeText;
import kos.sim.io.JsonErrors;

/**
 * Reads datasets from files. The format kos trains on is JSON lines, one example per line:
 * {@code {"input": [0.1, 0.2], "target": [1.0]}} or with a scalar target
 * {@code {"input": [...], "target": 3}}; blank lines and lines starting with {@code #} are
 * skipped. The original kernel's {@code {"examples": [{"prompt": ..., "completion": ...}]}}
 * format is recognised and refused with an explanation: those are text examples, and kos has no
 * text model to tokenise them for yet.
 */
public final class DatasetFiles {
    /** Largest dataset file read (held as text while parsing, so it must fit a small heap). */
    public static final long MAX_BYTES = 64L << 20;
    /** The most numbers in one example's input or target. */
    public static final int MAX_WIDTH = 65_536;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private DatasetFiles() {}

    /** A vector from a file holding one JSON array of finite numbers (at most {@link #MAX_BYTES}). */
    public static float[] readVector(Path file) {
        String name = SafeText.quote(file.toString());
        JsonNode n;
        try {
            if (!Files.isRegularFile(file)) {
                throw new KosException(name + ": no such file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new KosException(name + ": larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            n = JSON.readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw new KosException(name + ": not valid JSON: " + JsonErrors.describe(e));
        } catch (IOException e) {
            throw new KosException("cannot read " + name + ": " + SafeText.quote(String.valueOf(e.getMessage())), e);
        }
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw new KosException(name + ": expected a JSON array of numbers, e.g. [0.5, -1, 2]");
        }
        float[] v = new float[n.size()];
        for (int i = 0; i < v.length; i++) {
            if (!n.get(i).isNumber() || !Float.isFinite(n.get(i).floatValue())) {
                throw new KosException(name + ": element " + i + " is not a finite number");
            }
            v[i] = n.get(i).floatValue();
        }
        return v;
    }

    public static Dataset load(Path file) {
        String name = SafeText.quote(file.toString());
        byte[] bytes;
        if (!Files.exists(file)) {
            throw new KosException(name + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new KosException(name + ": not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_BYTES + 1);
        } catch (IOException e) {
            throw new KosException("cannot read " + name + ": " + SafeText.quote(String.valueOf(e.getMessage())), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new KosException(name + ": larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new KosException(name + ": not UTF-8 text");
        }
        return parse(text, name);
    }

    /** Parses dataset text; {@code source} names it in messages. */
    public static Dataset parse(String text, String source) {
        JsonNode whole = null;
        try {
            whole = JSON.readTree(text);
        } catch (JacksonException e) {
            // not one document: JSON lines
        }
        if (whole != null && whole.isObject() && whole.has("examples")) {
            throw new KosException(source + ": this is the original kernel's prompt/completion format (text examples); "
                    + "kos has no text model yet to turn text into vectors, so it cannot train on it. "
                    + "Use JSON lines of {\"input\": [numbers], \"target\": [numbers] or a number}.");
        }
        List<Example> examples = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1);
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (JacksonException e) {
                throw new KosException(where + ": not a JSON object: " + JsonErrors.describe(e));
            }
            if (n == null || !n.isObject()) {
                throw new KosException(where + ": expected an object {\"input\": [...], \"target\": ...}");
            }
            if (n.has("prompt") || n.has("completion")) {
                throw new KosException(where
                        + ": prompt/completion text examples need a text model, which kos does not have yet; "
                        + "use {\"input\": [numbers], \"target\": ...}");
            }
            float[] input = numbers(n.get("input"), where, "input");
            JsonNode t = n.get("target");
            float[] target = t != null && t.isNumber() ? new float[] {t.floatValue()} : numbers(t, where, "target");
            examples.add(new Example(input, target));
        }
        if (examples.isEmpty()) {
            throw new KosException(
                    source + ": no examples (expected JSON lines of {\"input\": [...], \"target\": ...})");
        }
        try {
            return Dataset.of(examples);
        } catch (KosException e) {
            throw new KosException(source + ": " + e.getMessage());
        }
    }

    private static float[] numbers(JsonNode a, String where, String field) {
        if (a == null || !a.isArray() || a.isEmpty()) {
            throw new KosException(where + ": \"" + field + "\" must be a non-empty array of numbers"
                    + (field.equals("target") ? " or a number" : ""));
        }
        if (a.size() > MAX_WIDTH) {
            throw new KosException(
                    where + ": \"" + field + "\" has " + a.size() + " numbers; kos trains on at most " + MAX_WIDTH);
        }
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = a.get(i);
            if (!x.isNumber() || !Float.isFinite(x.floatValue())) {
                throw new KosException(where + ": \"" + field + "\"[" + i + "] is not a finite number");
            }
            v[i] = x.floatValue();
        }
        return v;
    }
}
