package kos.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The showcase run in fresh JVMs, as a user runs it: the same seed prints the same digest, another
 * seed another one, and forcing the scalar math (through JAVA_TOOL_OPTIONS, as the README says) or
 * a narrower vector width changes nothing, and the digest is the one pinned in examples/showcase.digest.
 */
class ShowcaseDeterminismTest {
    private static final Path SHOWCASE = Path.of("..", "examples", "showcase.kos");
    private static final Path PINNED = Path.of("..", "examples", "showcase.digest");
    private static String defaultDigest;

    record Run(int code, String out, String err) {
        String digest() {
            Matcher m = Pattern.compile("digest ([0-9a-f]{16})").matcher(out);
            String d = null;
            while (m.find()) {
                d = m.group(1);
            }
            return d;
        }
    }

    static Run kos(List<String> jvmFlags, String toolOptions, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "-Dkos.home=..",
                "-cp",
                System.getProperty("java.class.path")));
        cmd.addAll(jvmFlags);
        cmd.add(KosMain.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (toolOptions != null) {
            pb.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
        }
        Path out = Files.createTempFile("kos-out", ".txt"), err = Files.createTempFile("kos-err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kos did not finish in 120 s: " + cmd);
        }
        Run r = new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    @BeforeAll
    static void runOnce() throws Exception {
        Run r = kos(List.of(), null, "run", SHOWCASE.toString());
        assertEquals(0, r.code(), r.err());
        defaultDigest = r.digest();
        assertTrue(defaultDigest != null, "no digest in: " + r.out());
    }

    /**
     * The digest is pinned across versions, not only within one build: a change to what the showcase
     * simulates must be deliberate, with the new digest written to examples/showcase.digest and the
     * reason in docs/performance.md.
     */
    @Test
    void digestIsThePinnedOne() throws Exception {
        String pinned = Files.readString(PINNED, StandardCharsets.UTF_8).strip();
        assertEquals(
                pinned,
                defaultDigest,
                "the showcase digest changed: if that is intended, write it to " + PINNED
                        + " and say why in docs/performance.md");
    }

    @Test
    void sameSeedSameDigest() throws Exception {
        assertEquals(
                defaultDigest, kos(List.of(), null, "run", SHOWCASE.toString()).digest());
    }

    @Test
    void otherSeedOtherDigest() throws Exception {
        assertNotEquals(
                defaultDigest,
                kos(List.of(), null, "run", SHOWCASE.toString(), "--seed", "7").digest());
    }

    @Test
    void scalarMathThroughJavaToolOptionsGivesTheSameDigest() throws Exception {
        Run version = kos(List.of(), "-Dkos.simd=scalar", "version");
        assertTrue(
                version.out().contains("float kernels: scalar: forced"),
                "scalar math was not forced: " + version.out());
        assertEquals(
                defaultDigest,
                kos(List.of(), "-Dkos.simd=scalar", "run", SHOWCASE.toString()).digest());
    }

    @Test
    void narrowerVectorsGiveTheSameDigest() throws Exception {
        assertEquals(
                defaultDigest,
                kos(List.of("-XX:MaxVectorSize=16"), null, "run", SHOWCASE.toString())
                        .digest());
    }
}
