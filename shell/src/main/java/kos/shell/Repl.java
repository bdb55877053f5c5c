package kos.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kos.sim.KosException;
import kos.sim.Quantities;
import org.jline.console.impl.SystemRegistryImpl;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.shell.jline3.PicocliCommands;

/**
 * The interactive shell: JLine line editing, history under {@code ~/.kos/history}, tab completion
 * of commands, subcommands and options (from the Picocli model through picocli-shell-jline3, built
 * on the first Tab).
 * Ctrl-C at the prompt clears the line; while a command runs it interrupts the command (a running
 * simulation pauses where it is) and the prompt returns. Ctrl-D or {@code exit} leaves.
 */
final class Repl {
    private final CommandRunner runner;

    Repl(CommandRunner runner) {
        this.runner = runner;
    }

    int run() throws IOException {
        Session session = runner.session();
        try (Terminal terminal = systemTerminal()) {
            Parser parser = new DefaultParser();
            Path history = Path.of(System.getProperty("user.home"), ".kos", "history");
            Files.createDirectories(history.getParent());
            LineReader reader = LineReaderBuilder.builder()
                    .appName("kos")
                    .terminal(terminal)
                    .completer(new LazyCompleter(runner, parser, terminal))
                    .parser(parser)
                    .variable(LineReader.HISTORY_FILE, history)
                    .variable(LineReader.LIST_MAX, 60)
                    .build();
            terminal.handle(Terminal.Signal.INT, sig -> session.interrupt());
            session.out()
                    .println("kos " + Version.kosVersion()
                            + " - type 'help' for commands, Tab to complete, Ctrl-D to leave.");
            session.out().flush();
            while (!session.exitRequested()) {
                String line;
                try {
                    line = reader.readLine(prompt(session));
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                try {
                    runner.execute(CommandSplitter.split(line), null);
                } catch (KosException e) {
                    runner.error(null, e.getMessage());
                }
            }
            reader.getHistory().save();
        }
        return CommandRunner.OK;
    }

    /**
     * The terminal from JLine's JNI provider alone, else (its native library could not be loaded, or
     * it found no terminal) JNI with the exec provider as its fallback, as before. JLine's default
     * also loads the FFM, Jansi and JNA providers to rank them, and the FFM and JNA ones link their
     * native calls on load (most of a second of a loaded machine's REPL start); and every provider it
     * loads is asked once whether standard output is a terminal, which for the exec provider means a
     * child process ({@code test -t 1}) and the JDK's process-reaper thread on every start (its cost
     * was within the noise of a loaded machine; docs/performance.md).
     */
    private static Terminal systemTerminal() throws IOException {
        try {
            return terminalBuilder(false).dumb(false).build();
        } catch (IllegalStateException | UnsatisfiedLinkError e) {
            return terminalBuilder(true).build();
        }
    }

    private static TerminalBuilder terminalBuilder(boolean exec) {
        return TerminalBuilder.builder()
                .system(true)
                .jni(true)
                .exec(exec)
                .ffm(false)
                .jansi(false)
                .jna(false);
    }

    /**
     * Tab completion from the whole Picocli model, built on the first Tab rather than before the
     * first prompt: building every command group's model is most of a start-up's work, and a
     * command typed without completion builds only its own group.
     */
    private static final class LazyCompleter implements Completer {
        private final CommandRunner runner;
        private final Parser parser;
        private final Terminal terminal;
        private Completer delegate;

        LazyCompleter(CommandRunner runner, Parser parser, Terminal terminal) {
            this.runner = runner;
            this.parser = parser;
            this.terminal = terminal;
        }

        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            if (delegate == null) {
                SystemRegistryImpl registry = new SystemRegistryImpl(parser, terminal, () -> Path.of(""), null);
                registry.setCommandRegistries(new PicocliCommands(runner.commandLine()));
                delegate = registry.completer();
            }
            delegate.complete(reader, line, candidates);
        }
    }

    private static String prompt(Session session) {
        String t = session.hasSimulation()
                ? Quantities.formatDuration(session.sim().now())
                : "0ns";
        return "kos[" + t + "]> ";
    }
}
