package kos.shell;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code help [COMMAND [SUBCOMMAND ...]]}: the help of any command in the tree, however deep
 * ({@code help crashctl eval}), ending with the file its code is in. Picocli's own help command
 * takes one name only, so {@code help crashctl eval} used to show the group's help.
 */
@Command(
        name = "help",
        helpCommand = true,
        description = "Show the help of a command or of a subcommand at any depth, e.g. 'help crashctl eval'.")
public final class HelpCommand implements IHelpCommandInitializable2, Runnable {
    @Parameters(
            paramLabel = "COMMAND",
            arity = "0..*",
            description = "A command and its subcommands (default: the list of all commands).")
    List<String> path = new ArrayList<>();

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help.")
    boolean helpRequested;

    private CommandLine self;
    private ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine at = self.getParent();
        List<String> walked = new ArrayList<>();
        for (String word : path) {
            CommandLine next = at.getSubcommands().get(word);
            if (next == null) {
                String where = walked.isEmpty() ? "" : " under '" + String.join(" ", walked) + "'";
                throw new ParameterException(
                        self,
                        "unknown command '" + word + "'" + where + "; known: "
                                + String.join(", ", at.getSubcommands().keySet()));
            }
            walked.add(word);
            at = next;
        }
        at.usage(out, colors);
    }
}
