package kos.shell;

import ch.qos.logback.classic.Level;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The entry point {@code ./kos} runs. With no arguments on a terminal it starts the REPL (from a
 * pipe it runs standard input as a script); otherwise it runs the one command given, such as
 * {@code run FILE}, {@code demo} or {@code sim status --json}, and exits with its code.
 * {@code -v} before the command turns on debug logging (to stderr).
 */
public final class KosMain {
    private KosMain() {}

    public static void main(String[] argv) throws Exception {
        List<String> args = new ArrayList<>(List.of(argv));
        if (!args.isEmpty() && (args.get(0).equals("-v") || args.get(0).equals("--verbose"))) {
            args.remove(0);
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(Level.DEBUG);
            LoggerFactory.getLogger(KosMain.class).debug("float kernels: {}", kos.simd.Kernels.reason());
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        CommandRunner runner = new CommandRunner(new Session(out, err));
        int code;
        if (args.isEmpty()) {
            code = Boolean.getBoolean("kos.tty")
                    ? new Repl(runner).run()
                    : RunCommand.runScript(runner, "-", null, false);
        } else {
            code = runner.execute(args, null);
        }
        out.flush();
        err.flush();
        System.exit(code);
    }
}
