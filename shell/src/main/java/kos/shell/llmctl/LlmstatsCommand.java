package kos.shell.llmctl;

import picocli.CommandLine.Command;

/** {@code llmstats}: the seed's name for {@code llmctl status}; options and behaviour are inherited. */
@Command(
        name = "llmstats",
        description = "Same as 'llmctl status' (the seed's name): questions, actionable, executed, latency.")
public final class LlmstatsCommand extends LlmctlCommand.Status {}
