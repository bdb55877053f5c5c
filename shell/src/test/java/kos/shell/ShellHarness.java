package kos.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs commands and scripts in-process, capturing stdout and stderr. */
public final class ShellHarness {
    private final StringWriter out = new StringWriter(), err = new StringWriter();
    public final Session session = new Session(new PrintWriter(out, true), new PrintWriter(err, true));
    public final CommandRunner runner = new CommandRunner(session);

    /** Runs one command line (split as the REPL splits it); returns its exit code. */
    public int exec(String line) {
        return runner.execute(CommandSplitter.split(line), null);
    }

    /** Writes a script to a temp file and runs it with {@code run FILE [extra]}; returns the exit code. */
    public int script(Path dir, String name, String text, String... extra) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        List<String> words = new java.util.ArrayList<>(List.of("run", f.toString()));
        words.addAll(List.of(extra));
        return runner.execute(words, null);
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    public void clear() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }

    /** The digest printed on the summary line at the end of the output. */
    public String lastDigest() {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("digest ([0-9a-f]{16})").matcher(out());
        String d = null;
        while (m.find()) {
            d = m.group(1);
        }
        return d;
    }
}
