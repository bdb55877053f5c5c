package kos.shell;

import picocli.CommandLine.Option;

/** The {@code --json} flag every status and report command mixes in. */
public final class JsonOption {
    @Option(names = "--json", description = "Print one JSON document instead of the table.")
    boolean json;

    public boolean enabled() {
        return json;
    }
}
