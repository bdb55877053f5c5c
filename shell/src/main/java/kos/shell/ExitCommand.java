package kos.shell;

import picocli.CommandLine.Command;

/** {@code exit}: leave the REPL, or stop a script here. */
@Command(name = "exit", aliases = "quit", mixinStandardHelpOptions = true, description = "Leave the REPL (in a script: stop the script).")
final class ExitCommand implements Runnable {
    private final Session session;

    ExitCommand(Session session) {
        this.session = session;
    }

    @Override
    public void run() {
        session.requestExit();
    }
}
