package kos.shell.llmctl;

import java.util.List;
import kos.llm.LlmAudit;
import kos.llm.Mode;
import kos.llm.StateInference;
import kos.llm.state.Untrusted;
import kos.shell.CommandGroup;
import kos.shell.CommandRunner;
import kos.shell.JsonCommand;
import kos.shell.OnOff;
import kos.shell.Output;
import kos.shell.Session;
import kos.shell.TextTable;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code llmctl}: ask the simulated system in plain words. */
@Command(
        name = "llmctl",
        description = {
            "Ask the simulated system in plain words: a language model reads a snapshot of the state and proposes",
            "kos commands, which an allowlisted sandbox checks before anything runs."
        },
        subcommands = {
            LlmctlCommand.Ask.class,
            BackendCommand.class,
            LlmctlCommand.Status.class,
            EvalCommand.class,
            CalibrateCommand.class,
            LlmctlCommand.Audit.class,
            LlmctlCommand.On.class,
            LlmctlCommand.Off.class
        })
public final class LlmctlCommand extends CommandGroup {

    @Command(
            name = "ask",
            description = {
                "Ask a question about the current simulation. The answer's commands (Run:/Execute:/Command: lines and",
                "fenced blocks) are parsed by the shell and checked against the allowlist; by --mode they are shown",
                "(suggest), run after a y/N on the terminal (confirm; in scripts nothing runs) or run (auto)."
            })
    static class Ask extends JsonCommand { // llminfer is the same command under the seed's name
        @Parameters(paramLabel = "QUESTION", arity = "1..*", description = "The question (quotes optional).")
        List<String> words;

        @Option(
                names = "--mode",
                defaultValue = "suggest",
                paramLabel = "MODE",
                description = "suggest, confirm or auto (default ${DEFAULT-VALUE}).")
        String mode;

        @Override
        public void run() {
            askAndPrint(session, runner, String.join(" ", words), Mode.parse(mode), json.enabled());
        }
    }

    static void askAndPrint(Session session, CommandRunner runner, String question, Mode mode, boolean asJson) {
        StateInference.Result r = LlmShell.of(session).ask(runner, question, mode);
        Output.print(session, asJson, LlmViews.AskView.of(r), () -> LlmViews.ask(r));
    }

    @Command(
            name = "status",
            description = "The gate, the backend, questions asked, actionable and executed counts, latency p50/p99.")
    static class Status extends JsonCommand { // llmstats is the same command under the seed's name

        @Override
        public void run() {
            LlmViews.StatusView v = LlmViews.status(session, LlmShell.of(session));
            print(v, () -> LlmViews.status(v));
        }
    }

    @Command(name = "audit", description = "The commands llmctl executed, with the question that caused each.")
    static final class Audit extends JsonCommand {
        @Parameters(paramLabel = "N", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
        int n;

        @Override
        public void run() {
            List<LlmAudit.Entry> es = LlmShell.of(session).audit.last(Math.max(0, n));
            print(es, () -> {
                if (es.isEmpty()) {
                    return "(nothing executed yet: 'llmctl ask --mode auto \"...\"')";
                }
                TextTable t = new TextTable("time", "command", "exit", "backend", "question");
                es.forEach(e -> t.row(
                        Quantities.formatDuration(e.timeNs()),
                        e.command(),
                        e.exitCode(),
                        e.backend(),
                        Untrusted.quote(e.question(), 60)));
                return t.toString();
            });
        }
    }

    @Command(name = "on", description = "Turn the llm subsystem on (the seed's 'llm' feature gate; on by default).")
    static final class On extends JsonCommand {
        @Override
        public void run() {
            LlmShell.of(session).enabled(OnOff.parse("on", "llm"));
            print(new Gate(true), () -> "llm on\n");
        }
    }

    @Command(name = "off", description = "Turn the llm subsystem off: ask, llminfer and eval refuse until 'llmctl on'.")
    static final class Off extends JsonCommand {
        @Override
        public void run() {
            LlmShell.of(session).enabled(false);
            print(new Gate(false), () -> "llm off\n");
        }
    }

    /** What {@code llmctl on|off --json} prints: the {@code llm} gate after the switch. */
    record Gate(boolean enabled) {}
}
