package kos.shell.hostile;

import kos.shell.CommandRunner;
import kos.shell.ShellHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile scripts: bad bytes, huge lines, devices, a byte-order mark, a trailing backslash, NULs,
 * nesting. Each is refused before anything runs (the clock stays at 0) with {@code file:line}, or
 * runs as a person would expect.
 */
class ScriptCorpusTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** Runs a script file; returns the exit code and checks the common rules. */
    private static int runScript(ShellHarness h, Path f) {
        h.clear();
        int code = Hostile.run(h, List.of("run", f.toString()), null, 10_000);
        Hostile.check("script " + f.getFileName(), code, h.out(), h.err());
        return code;
    }

    private static boolean clockUntouched(ShellHarness h) {
        return h.session.sim().now() == 0;
    }

    @Test
    void badScriptsAreRefusedBeforeAnythingRunsWithFileAndLine(@TempDir Path tmp) throws Exception {
        byte[] run = bytes("sim run 1s\n");
        record Case(String name, byte[] content, String expected) {
        }
        List<Case> cases = List.of(
                new Case("latin1.kos", concat(run, run, bytes("# caf"), new byte[]{(byte) 0xE9}, bytes("\n")),
                        ":3: not UTF-8"),
                new Case("lone-continuation.kos", concat(run, new byte[]{(byte) 0x80}), ":2: not UTF-8"),
                new Case("overlong.kos", concat(run, new byte[]{(byte) 0xC0, (byte) 0xAF}), ":2: not UTF-8"),
                new Case("surrogate.kos", concat(run, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                        ":2: not UTF-8"),
                new Case("truncated.kos", concat(run, run, run, new byte[]{(byte) 0xE2, (byte) 0x82}), ":4: not UTF-8"),
                new Case("long-line.kos", concat(run, bytes("sim run " + "9".repeat(70_000)
                        + "s\n")), ":2: line longer than 65536"),
                new Case("backslash.kos", bytes("sim run 1s \\\n"), ":1: a backslash at the end"),
                new Case("quote.kos", bytes("sim run '1s\n"), ":1: unterminated"),
                new Case("nul.kos", bytes("sim run 1\u0000s\n"), ":1: "),
                new Case("escape.kos", bytes("\u001b]0;pwned\u0007\n"), ":1: "));
        for (Case c : cases) {
            ShellHarness h = new ShellHarness();
            Path f = tmp.resolve(c.name());
            Files.write(f, c.content());
            int code = runScript(h, f);
            assertTrue(code != CommandRunner.OK, c.name());
            assertTrue(h.err().contains(f.getFileName() + c.expected()), c.name() + ": " + Hostile.shorten(h.err()));
            if (c.expected().contains("not UTF-8") || c.expected().contains("longer")) {
                assertTrue(clockUntouched(h), c.name() + ": a line ran before the script was refused");
            }
        }
    }

    @Test
    void devicesDirectoriesAndNestingGiveClearAnswers(@TempDir Path tmp) throws Exception {
        ShellHarness h = new ShellHarness();
        assertEquals(CommandRunner.OK, runScript(h, Path.of("/dev/null")), h.err());
        assertEquals(CommandRunner.FAILED, runScript(h, Path.of("/dev/zero")));
        assertTrue(h.err().contains("/dev/zero: longer than 16.0MiB"), h.err());
        assertEquals(CommandRunner.FAILED, runScript(h, tmp));
        assertTrue(h.err().contains("is a directory"), h.err());
        assertEquals(CommandRunner.FAILED, runScript(h, tmp.resolve("none.kos")));
        assertTrue(h.err().contains("no such script"), h.err());
        Path self = tmp.resolve("self.kos");
        Files.writeString(self, "run " + self + "\n");
        assertTrue(runScript(h, self) != CommandRunner.OK);
        assertTrue(h.err().contains("nested more than 8 deep"), h.err());
        Path bom = tmp.resolve("bom.kos");
        Files.write(bom, concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                bytes("sim run 1s\r\nsim run 1s\r\n")));
        assertEquals(CommandRunner.OK, runScript(h, bom), h.err());
        assertEquals(2_000_000_000L, h.session.sim().now());
    }

    /** A stream that fails once closed, as standard input does. */
    private static final class StdinLike extends InputStream {
        private final byte[] data;
        private int pos;
        private boolean closed;

        StdinLike(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() throws IOException {
            if (closed) {
                throw new IOException("Stream closed");
            }
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void nestedRunOfStandardInputLeavesItOpenAndBadBytesThereAreRefusedToo(@TempDir Path tmp) throws Exception {
        InputStream saved = System.in;
        try {
            ShellHarness h = new ShellHarness();
            System.setIn(new StdinLike(bytes("sim run 1s\n")));
            Path f = tmp.resolve("twice.kos");
            Files.writeString(f, "run -\nrun -\nsim run 1s\n");
            assertEquals(CommandRunner.OK, runScript(h, f), h.err());
            assertEquals(2_000_000_000L, h.session.sim().now());

            h = new ShellHarness();
            System.setIn(new StdinLike(concat(bytes("sim run 1s\n"), new byte[]{(byte) 0xFF, '\n'})));
            h.clear();
            assertEquals(CommandRunner.FAILED, h.exec("run -"));
            assertTrue(h.err().contains("<stdin>:2: not UTF-8"), h.err());
            assertTrue(clockUntouched(h));
        } finally {
            System.setIn(saved);
        }
    }
}
