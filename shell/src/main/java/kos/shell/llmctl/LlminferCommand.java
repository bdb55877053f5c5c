package kos.shell.llmctl;

import picocli.CommandLine.Command;

/** {@code llminfer}: the seed's name for {@code llmctl ask}; options and behaviour are inherited. */
@Command(
        name = "llminfer",
        description = "Same as 'llmctl ask' (the seed's name): ask the simulated system in plain words.")
public final class LlminferCommand extends LlmctlCommand.Ask {}
