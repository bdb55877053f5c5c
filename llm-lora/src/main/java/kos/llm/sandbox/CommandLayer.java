package kos.llm.sandbox;

import java.util.List;
import java.util.Map;

/**
 * kos's real command layer, as the sandbox sees it: the shell's own word splitter and Picocli
 * command tree (so a proposal is judged exactly as the shell would run it, with no second
 * parser), and a way to run a command that passed. Implemented by the shell.
 */
public interface CommandLayer {
    /** The shell's word splitting; throws {@link kos.sim.KosException} on unbalanced quotes. */
    List<String> split(String line);

    /**
     * Parses words against the command tree without executing anything.
     *
     * @throws kos.sim.KosException with the parser's message when the words are not a valid command
     */
    ParsedCommand parse(List<String> words);

    /** Runs a command (already allowed) and returns its exit code and what it printed. */
    Execution execute(List<String> words);

    /**
     * A parsed command.
     *
     * @param path        the command names from the root, e.g. {@code [memctl, compact]} (aliases resolved)
     * @param options     matched options by their longest name, with the values as typed
     * @param positionals positional parameters as typed, in order
     * @param unmatched   words the command accepts without declaring them (e.g. policy parameters)
     * @param help        whether {@code --help} was asked
     */
    record ParsedCommand(List<String> path, Map<String, List<String>> options, List<String> positionals, List<String> unmatched,
                         boolean help) {
        public String commandClass() {
            return String.join(" ", path);
        }
    }

    /** What running a command gave: exit code ({@code 0} is success) and its output (stdout and stderr). */
    record Execution(int exitCode, String output) {
    }
}
