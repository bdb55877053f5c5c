package kos.shell;

import picocli.CommandLine.Mixin;

import java.util.function.Supplier;

/**
 * The base of every status or report command: {@code --json} and the one way to print, a table
 * (or other text) for people or one JSON document for programs.
 */
public abstract class JsonCommand extends ShellCommand {
    @Mixin
    protected JsonOption json = new JsonOption();

    /** Prints {@code view} as JSON with {@code --json}, else the text {@code human} makes. */
    protected final void print(Object view, Supplier<String> human) {
        Output.print(session, json.enabled(), view, human);
    }
}
