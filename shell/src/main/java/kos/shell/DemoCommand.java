package kos.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExitCodeGenerator;
import picocli.CommandLine.Option;

/** {@code demo}: the showcase run, examples/showcase.kos. */
@Command(
        name = "demo",
        description = "Run the showcase script (examples/showcase.kos) and print its summary and digest.")
final class DemoCommand extends ShellCommand implements IExitCodeGenerator {
    private int exitCode;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Root seed (default ${DEFAULT-VALUE}).",
            defaultValue = "42")
    long seed;

    @Override
    public int getExitCode() {
        return exitCode;
    }

    @Override
    public void run() {
        Path script = Path.of(System.getProperty("kos.home", "."), "examples", "showcase.kos");
        if (!Files.isRegularFile(script)) {
            throw new KosException(
                    "showcase script not found at " + script + " (run the demo through ./kos from the kos directory)");
        }
        exitCode = RunCommand.runScript(runner, script.toString(), seed, false);
    }
}
