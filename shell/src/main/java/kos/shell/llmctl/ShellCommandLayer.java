package kos.shell.llmctl;

import kos.llm.sandbox.CommandLayer;
import kos.shell.CommandRunner;
import kos.shell.CommandSplitter;
import kos.sim.KosException;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's view of the shell: {@link CommandSplitter} for words and the real Picocli command
 * tree for parsing ({@code parseArgs}, never {@code execute}), and a runner to execute allowed
 * commands. Parsing uses its own runner's tree so that parsing a proposal can never reset the
 * options of a command that is running (such as the {@code llmctl ask} that asked).
 */
final class ShellCommandLayer implements CommandLayer {
    private final CommandRunner parser;
    private final CommandRunner executor;

    ShellCommandLayer(CommandRunner parser, CommandRunner executor) {
        this.parser = parser;
        this.executor = executor;
    }

    @Override
    public List<String> split(String line) {
        return CommandSplitter.split(line);
    }

    @Override
    public ParsedCommand parse(List<String> words) {
        ParseResult pr;
        try {
            pr = parser.commandLine().parseArgs(words.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new KosException(e.getMessage());
        }
        List<String> path = new ArrayList<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        boolean help = false;
        ParseResult cur = pr;
        while (true) {
            help |= cur.isUsageHelpRequested() || cur.isVersionHelpRequested();
            for (OptionSpec o : cur.matchedOptions()) {
                options.put(o.longestName(), List.copyOf(o.originalStringValues()));
            }
            if (!cur.hasSubcommand()) {
                break;
            }
            cur = cur.subcommand();
            path.add(cur.commandSpec().name());
        }
        List<String> positionals = new ArrayList<>();
        for (ArgSpec a : cur.matchedPositionals()) {
            positionals.addAll(a.originalStringValues());
        }
        return new ParsedCommand(path, options, positionals, List.copyOf(cur.unmatched()), help);
    }

    @Override
    public Execution execute(List<String> words) {
        int rc = executor.execute(words, "llmctl");
        return new Execution(rc, "");
    }
}
