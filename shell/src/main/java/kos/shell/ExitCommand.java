package kos.shell;

import picocli.CommandLine.Command;

/** {@code exit}: leave the REPL, or stop a script here. */
@Command(name = "exit", aliases = "quit", description = "Leave the REPL (in a script: stop the script).")
final class ExitCommand extends ShellCommand {

    @Override
    public void run() {
        session.requestExit();
    }
}
