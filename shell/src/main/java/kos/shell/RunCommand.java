package kos.shell;

import kos.shell.sim.SimCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExitCodeGenerator;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code run FILE}: run a script, then print the run's summary line. */
@Command(
        name = "run",
        description = {
            "Run a script: one command per line, # comments, quoting as in a shell.",
            "Stops at the first failing line with file:line: message; ends with simulated time, events and digest."
        })
final class RunCommand extends ShellCommand implements IExitCodeGenerator {
    private int exitCode;

    @Parameters(paramLabel = "FILE", description = "The script, or - for standard input.")
    String file;

    @Option(names = "--seed", paramLabel = "N", description = "Start from a fresh simulation with this root seed.")
    Long seed;

    @Option(
            names = "--keep-going",
            description = "Run every line even after a failure (the exit code is still that of the first failure).")
    boolean keepGoing;

    @Override
    public int getExitCode() {
        return exitCode;
    }

    @Override
    public void run() {
        exitCode = runScript(runner, file, seed, keepGoing);
    }

    static int runScript(CommandRunner runner, String file, Long seed, boolean keepGoing) {
        Session session = runner.session();
        if (seed != null) {
            session.seed(seed);
        }
        int code = new ScriptRunner(runner).run(file, keepGoing);
        if (runner.scriptDepth() == 0) {
            session.out().println(SimCommand.summaryLine(session.sim()));
        }
        return code;
    }
}
