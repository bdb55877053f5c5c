package kos.shell;

/** A group of subcommands with no action of its own: run alone, it prints its usage. */
public abstract class CommandGroup extends ShellCommand {
    @Override
    public void run() {
        spec.commandLine().usage(session.out());
    }
}
