package kos.lora.peft;

import kos.nn.Linear;
import kos.nn.NamedLayers;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of malformed adapter directories (mutated adapter_config.json, mutated or truncated
 * weights, missing files, files replaced by directories or links, non-finite weights) loaded,
 * listed and attached as loractl does: each loads or fails with a KosException whose message is
 * one line of bounded length; never another exception, never a non-finite weight accepted.
 */
class AdapterFuzzTest {
    private static final int CASES = 2_000;
    private static final String CHARS = "{}[]\":,-.0123456789eE \\aNnIf\u00e9\u001b\n";

    @Test
    void malformedAdapterDirectoriesFailOnlyWithOneLineKosExceptions(@TempDir Path tmp) throws Exception {
        byte[] config = PeftAdapterTest.PEFT_CONFIG.getBytes(StandardCharsets.UTF_8);
        byte[] weights = PeftAdapterTest.peftWeights("F32");
        Path models = Files.createDirectories(tmp.resolve("models"));
        ModelsDir m = new ModelsDir(models);
        SplittableRandom r = new SplittableRandom(20261202L);
        int loaded = 0, refused = 0;
        for (int i = 0; i < CASES; i++) {
            Path dir = models.resolve("a" + (i % 50));
            clear(dir);
            Files.createDirectories(dir);
            byte[] c = config, w = weights;
            switch (r.nextInt(8)) {
                case 0 -> c = mutateText(config, r);
                case 1 -> w = mutateBytes(weights, r);
                case 2 -> w = Arrays.copyOf(weights, r.nextInt(weights.length));
                case 3 -> w = nonFinite(weights, r);
                case 4 -> c = null;
                case 5 -> w = null;
                case 6 -> {
                    c = mutateText(config, r);
                    w = mutateBytes(weights, r);
                }
                default -> w = mutateHeaderNumber(weights, r);
            }
            if (c != null) {
                Files.write(dir.resolve(PeftAdapter.CONFIG_FILE), c);
            } else if (r.nextBoolean()) {
                Files.createDirectories(dir.resolve(PeftAdapter.CONFIG_FILE));
            }
            if (w != null) {
                Files.write(dir.resolve(PeftAdapter.WEIGHTS_FILE), w);
            } else if (r.nextBoolean()) {
                Files.createSymbolicLink(dir.resolve(PeftAdapter.WEIGHTS_FILE), tmp.resolve("elsewhere"));
            }
            String name = dir.getFileName().toString();
            try {
                PeftAdapter a = m.load(name);
                for (PeftAdapter.ModuleWeights mw : a.modules().values()) {
                    for (float v : mw.loraA()) {
                        assertTrue(Float.isFinite(v), "case " + i + ": a non-finite weight was accepted");
                    }
                    for (float v : mw.loraB()) {
                        assertTrue(Float.isFinite(v), "case " + i + ": a non-finite weight was accepted");
                    }
                }
                NamedLayers model = new NamedLayers();
                model.add(new Linear("fc", 3, 2, new float[6], null));
                a.attach(model, "default", 1);
                loaded++;
            } catch (KosException e) {
                String msg = e.getMessage();
                assertTrue(msg != null && !msg.isBlank() && msg.length() < 2_000 && !msg.contains("\n")
                        && !msg.contains("\u001b"),
                        "case " + i + ": " + msg);
                refused++;
            } catch (Throwable t) {
                fail("case " + i + " threw " + t, t);
            }
            ModelsDir.Status s = m.status(name);
            assertTrue(s.adapter() != null || s.problem() != null, "case " + i + ": status says nothing");
        }
        assertTrue(refused > CASES / 2, "most cases are refused: " + refused);
        assertTrue(loaded > 0, "some mutations leave a valid adapter: " + loaded);
        assertTrue(m.list().size() == 50, "every directory is listed, broken ones too");
    }

    private static void clear(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static byte[] mutateText(byte[] b, SplittableRandom r) {
        String s = new String(b, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(s);
        for (int k = 1 + r.nextInt(3); k > 0 && !sb.isEmpty(); k--) {
            int at = r.nextInt(sb.length());
            switch (r.nextInt(3)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, CHARS.charAt(r.nextInt(CHARS.length())));
                default -> sb.setCharAt(at, CHARS.charAt(r.nextInt(CHARS.length())));
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mutateBytes(byte[] b, SplittableRandom r) {
        byte[] c = b.clone();
        for (int k = 1 + r.nextInt(4); k > 0; k--) {
            c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return c;
    }

    /** Replaces one weight of the data section with NaN or an infinity. */
    private static byte[] nonFinite(byte[] b, SplittableRandom r) {
        byte[] c = b.clone();
        long n = java.nio.ByteBuffer.wrap(c).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
        int data = (int) (8 + n);
        int at = data + 4 * r.nextInt((c.length - data) / 4);
        float v = r.nextBoolean() ? Float.NaN : Float.NEGATIVE_INFINITY;
        java.nio.ByteBuffer.wrap(c).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(at, v);
        return c;
    }

    /** Changes one number in the header to something extreme, keeping its length. */
    private static byte[] mutateHeaderNumber(byte[] b, SplittableRandom r) {
        byte[] c = b.clone();
        long n = java.nio.ByteBuffer.wrap(c).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
        for (int tries = 0; tries < 50; tries++) {
            int at = 8 + r.nextInt((int) n);
            if (c[at] >= '0' && c[at] <= '9') {
                c[at] = (byte) "90-".charAt(r.nextInt(3));
                return c;
            }
        }
        return c;
    }
}
