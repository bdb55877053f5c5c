package kos.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import kos.sim.KosException;
import kos.sim.Quantities;
import org.jline.console.impl.SystemRegistryImpl;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Parser;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.shell.jline3.PicocliCommands;

/**
 * The interactive shell: JLine line editing, history under {@code ~/.kos/history}, tab completion
 * of commands, subcommands and options (from the Picocli model through picocli-shell-jline3).
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
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            Parser parser = new DefaultParser();
            PicocliCommands commands = new PicocliCommands(runner.commandLine());
            SystemRegistryImpl registry = new SystemRegistryImpl(parser, terminal, () -> Path.of(""), null);
            registry.setCommandRegistries(commands);
            Path history = Path.of(System.getProperty("user.home"), ".kos", "history");
            Files.createDirectories(history.getParent());
            LineReader reader = LineReaderBuilder.builder()
                    .appName("kos")
                    .terminal(terminal)
                    .completer(registry.completer())
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

    private static String prompt(Session session) {
        String t = session.hasSimulation()
                ? Quantities.formatDuration(session.sim().now())
                : "0ns";
        return "kos[" + t + "]> ";
    }
}
