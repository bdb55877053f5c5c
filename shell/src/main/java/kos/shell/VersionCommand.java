package kos.shell;

import picocli.CommandLine.Command;

/** {@code version}: the same text as {@code --version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the kos and JDK versions and the float kernels in use.")
final class VersionCommand implements Runnable {
    private final Session session;

    VersionCommand(Session session) {
        this.session = session;
    }

    @Override
    public void run() {
        for (String line : new Version().getVersion()) {
            session.out().println(line);
        }
    }
}
