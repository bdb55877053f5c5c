package kos.shell;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The base of every shell command. The command factory hands it the {@link Session} once, right
 * after construction; it brings {@code -h, --help} (only the root command offers {@code --version},
 * which means nothing on a subcommand) and the command's own Picocli spec.
 *
 * <p>A command's {@code run()} parses nothing and computes little: it reads its options, calls the
 * use case in the module that owns it, and prints the result through {@link Output}.
 */
public abstract class ShellCommand implements Runnable {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    private boolean helpRequested;

    @Spec
    protected CommandSpec spec;

    /** The session this command works on; set by the command factory before any use. */
    protected Session session;
    /** The runner executing this command (for commands that run other commands: run, demo). */
    protected CommandRunner runner;

    final void attach(CommandRunner r) {
        this.runner = r;
        this.session = r.session();
    }

    /**
     * Runs another command of this group with its default options, e.g. {@code memctl} alone runs
     * {@code memctl status}. A fresh instance, so no options of an earlier parse leak in.
     */
    protected final void runDefault(ShellCommand other) {
        other.session = session;
        other.run();
    }
}
