package kos.shell;

import kos.sim.KosException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Runs a script: one command per line, {@code #} comments and blank lines ignored, quoting as in a
 * shell. It stops at the first failing line, printing {@code file:line: message}, unless
 * keep-going is set; the exit code is that of the first failure (1 or 2), else 0.
 */
public final class ScriptRunner {
    private static final int MAX_DEPTH = 8;

    private final CommandRunner runner;

    public ScriptRunner(CommandRunner runner) {
        this.runner = runner;
    }

    /** Runs a file, or standard input when {@code file} is "-". */
    public int run(String file, boolean keepGoing) {
        if (runner.scriptDepth() >= MAX_DEPTH) {
            throw new KosException("scripts nested more than " + MAX_DEPTH + " deep (does a script run itself?)");
        }
        runner.scriptDepth(+1);
        try (BufferedReader in = open(file)) {
            return run(file.equals("-") ? "<stdin>" : file, in, keepGoing);
        } catch (NoSuchFileException e) {
            throw new KosException("no such script: " + file);
        } catch (IOException e) {
            throw new KosException("cannot read " + file + ": " + e.getMessage());
        } finally {
            runner.scriptDepth(-1);
        }
    }

    /** Runs a script read from {@code in}; {@code name} is used in {@code name:line:} error messages. */
    public int run(String name, BufferedReader in, boolean keepGoing) throws IOException {
        int firstFailure = CommandRunner.OK;
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
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

    private static BufferedReader open(String file) throws IOException {
        if (file.equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        Path p = Path.of(file);
        if (Files.isDirectory(p)) {
            throw new KosException(file + " is a directory, not a script");
        }
        return Files.newBufferedReader(p, StandardCharsets.UTF_8);
    }
}
