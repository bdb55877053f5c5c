package kos.shell;

import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.SafeText;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a script: one command per line, {@code #} comments and blank lines ignored, quoting as in a
 * shell. The whole script is read and checked before any line runs: at most {@value #MAX_SCRIPT}
 * bytes (so {@code /dev/zero} or a runaway pipe is one clear error), UTF-8 only (the first bad
 * byte is reported as {@code file:line}), lines of at most {@value #MAX_LINE} characters; a
 * leading UTF-8 byte-order mark is skipped. Standard input is read the same way and never closed,
 * so a nested {@code run -} leaves it usable. It stops at the first failing line, printing
 * {@code file:line: message}, unless keep-going is set; the exit code is that of the first failure
 * (1 or 2), else 0.
 */
public final class ScriptRunner {
    private static final int MAX_DEPTH = 8;
    /** The largest script, in bytes. */
    public static final int MAX_SCRIPT = 16 << 20;
    /** The longest line, in characters. */
    public static final int MAX_LINE = 64 << 10;

    private final CommandRunner runner;

    public ScriptRunner(CommandRunner runner) {
        this.runner = runner;
    }

    /** Runs a file, or standard input when {@code file} is "-". */
    public int run(String file, boolean keepGoing) {
        if (runner.scriptDepth() >= MAX_DEPTH) {
            throw new KosException("scripts nested more than " + MAX_DEPTH + " deep (does a script run itself?)");
        }
        String name = file.equals("-") ? "<stdin>" : SafeText.quote(file);
        List<String> lines = lines(name, read(file, name));
        runner.scriptDepth(+1);
        try {
            return run(name, lines, keepGoing);
        } finally {
            runner.scriptDepth(-1);
        }
    }

    /** Runs already checked lines; {@code name} is used in {@code name:line:} error messages. */
    public int run(String name, List<String> lines, boolean keepGoing) {
        int firstFailure = CommandRunner.OK;
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            String place = name + ":" + lineNo;
            int code;
            try {
                code = runner.execute(CommandSplitter.split(line), place);
            } catch (KosException e) {
                runner.error(place, e.getMessage());
                code = CommandRunner.USAGE;
            }
            if (code != CommandRunner.OK && firstFailure == CommandRunner.OK) {
                firstFailure = code;
            }
            if (code != CommandRunner.OK && !keepGoing) {
                break;
            }
            if (runner.session().exitRequested() || runner.session().isInterrupted()) {
                break;
            }
        }
        return firstFailure;
    }

    /** Runs a script from a reader (kos's own scenario scripts); read whole first, checked like a file. */
    public int run(String name, BufferedReader in, boolean keepGoing) throws IOException {
        char[] buf = new char[8192];
        StringBuilder sb = new StringBuilder();
        for (int n; (n = in.read(buf)) >= 0; ) {
            sb.append(buf, 0, n);
            if (sb.length() > MAX_SCRIPT) {
                throw new KosException(name + ": longer than " + Quantities.formatBytes(MAX_SCRIPT)
                        + "; a script is at most that");
            }
        }
        return run(name, lines(name, sb.toString().getBytes(StandardCharsets.UTF_8)), keepGoing);
    }

    /** Runs script text given as bytes (checked like a file). */
    public int runBytes(String name, byte[] bytes, boolean keepGoing) {
        return run(name, lines(name, bytes), keepGoing);
    }

    private static byte[] read(String file, String name) {
        if (file.equals("-")) {
            try {
                return readBounded(System.in, name); // never closed: a later run - may read on
            } catch (IOException e) {
                throw new KosException("cannot read standard input: " + SafeText.quote(String.valueOf(e.getMessage())));
            }
        }
        Path p = Path.of(file);
        if (Files.isDirectory(p)) {
            throw new KosException(name + " is a directory, not a script");
        }
        try (InputStream in = Files.newInputStream(p)) {
            return readBounded(in, name);
        } catch (NoSuchFileException e) {
            throw new KosException("no such script: " + name);
        } catch (AccessDeniedException e) {
            throw new KosException("cannot read " + name + ": permission denied");
        } catch (IOException e) {
            throw new KosException("cannot read " + name + ": " + SafeText.quote(String.valueOf(e.getMessage())));
        }
    }

    private static byte[] readBounded(InputStream in, String name) throws IOException {
        byte[] b = in.readNBytes(MAX_SCRIPT + 1);
        if (b.length > MAX_SCRIPT) {
            throw new KosException(name + ": longer than " + Quantities.formatBytes(MAX_SCRIPT)
                    + "; a script is at most that");
        }
        return b;
    }

    /** Decodes and splits a script, refusing bad UTF-8 and overlong lines with {@code name:line}. */
    static List<String> lines(String name, byte[] bytes) {
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            throw new KosException(name + ":" + lineOf(bytes, at) + ": not UTF-8 (byte 0x"
                    + String.format("%02x", bytes[at] & 0xff) + " at offset " + at + "); nothing was run");
        }
        dec.flush(out);
        out.flip();
        List<String> lines = new ArrayList<>();
        int lineStart = 0, n = out.limit();
        for (int i = 0; i <= n; i++) {
            if (i == n || out.get(i) == '\n') {
                if (i == n && i == lineStart) {
                    break;
                }
                int end = i > lineStart && out.get(i - 1) == '\r' ? i - 1 : i;
                if (end - lineStart > MAX_LINE) {
                    throw new KosException(name + ":" + (lines.size() + 1) + ": line longer than " + MAX_LINE
                            + " characters; nothing was run");
                }
                lines.add(out.subSequence(lineStart, end).toString());
                lineStart = i + 1;
            }
        }
        return lines;
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
