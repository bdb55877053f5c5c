package kos.shell.llmctl;

import kos.llm.Mode;
import kos.shell.JsonOption;
import kos.shell.ShellCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code llminfer}: the seed's name for {@code llmctl ask}. */
@Command(name = "llminfer", description = "Same as 'llmctl ask' (the seed's name): ask the simulated system in plain words.")
public final class LlminferCommand extends ShellCommand {
    @Parameters(paramLabel = "QUESTION", arity = "1..*", description = "The question (quotes optional).")
    List<String> words;
    @Option(names = "--mode", defaultValue = "suggest", paramLabel = "MODE", description = "suggest, confirm or auto (default ${DEFAULT-VALUE}).")
    String mode;
    @Mixin
    JsonOption json = new JsonOption();

    @Override
    public void run() {
        LlmctlCommand.askAndPrint(session, runner, String.join(" ", words), Mode.parse(mode), json.enabled());
    }
}
