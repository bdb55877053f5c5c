package kos.shell.sona;

import kos.shell.ShellCommand;
import picocli.CommandLine.Command;

/** {@code sona off}. */
@Command(
        name = "off",
        description = "Turn SONA off: the attention scheduler's projections go back to their base layers.")
final class OffCommand extends ShellCommand {
    @Override
    public void run() {
        SonaShell sh = SonaShell.of(session);
        sh.disable();
        session.out().println("sona off");
    }
}
