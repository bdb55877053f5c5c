package kos.shell;

import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code demo}: the showcase run, examples/showcase.kos. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the showcase script (examples/showcase.kos) and print its summary and digest.")
final class DemoCommand implements Callable<Integer> {
    private final CommandRunner runner;

    @Option(names = "--seed", paramLabel = "N", description = "Root seed (default ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    DemoCommand(CommandRunner runner) {
        this.runner = runner;
    }

    @Override
    public Integer call() {
        Path script = Path.of(System.getProperty("kos.home", "."), "examples", "showcase.kos");
        if (!Files.isRegularFile(script)) {
            throw new KosException("showcase script not found at " + script + " (run the demo through ./kos from the kos directory)");
        }
        return RunCommand.runScript(runner, script.toString(), seed, false);
    }
}
