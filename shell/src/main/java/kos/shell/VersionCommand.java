package kos.shell;

import picocli.CommandLine.Command;

/** {@code version}: the same text as {@code --version}. */
@Command(name = "version", description = "Print the kos and JDK versions and the float kernels in use.")
final class VersionCommand extends ShellCommand {

    @Override
    public void run() {
        for (String line : new Version().getVersion()) {
            session.out().println(line);
        }
    }
}
