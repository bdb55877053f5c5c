package kos.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root of the command tree: {@code kos <command> ...}. Without a command it prints help. */
@Command(
        name = "kos",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "A deterministic kernel-ops simulator with AI subsystems.",
            "Start the REPL with no arguments; run a script with 'run FILE'; 'help COMMAND' for any command."
        },
        subcommands = {HelpCommand.class, VersionCommand.class, ExitCommand.class, RunCommand.class, DemoCommand.class},
        footer = {"", "Docs: docs/commands.md (every command), docs/architecture.md."})
public final class KosCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
