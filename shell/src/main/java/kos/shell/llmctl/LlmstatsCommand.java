package kos.shell.llmctl;

import kos.shell.JsonOption;
import kos.shell.Output;
import kos.shell.ShellCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code llmstats}: the seed's name for {@code llmctl status}. */
@Command(name = "llmstats", description = "Same as 'llmctl status' (the seed's name): questions, actionable, executed, latency.")
public final class LlmstatsCommand extends ShellCommand {
    @Mixin
    JsonOption json = new JsonOption();

    @Override
    public void run() {
        LlmViews.StatusView v = LlmViews.status(session, LlmShell.of(session));
        Output.print(session, json.enabled(), v, () -> LlmViews.status(v));
    }
}
