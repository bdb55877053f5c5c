package kos.shell.llmctl;

import java.time.Duration;
import java.util.List;
import kos.llm.LlmAudit;
import kos.llm.Mode;
import kos.llm.StateInference;
import kos.llm.backend.EmbeddedBackend;
import kos.llm.backend.OpenAiBackend;
import kos.llm.state.Untrusted;
import kos.shell.Args;
import kos.shell.CommandGroup;
import kos.shell.CommandRunner;
import kos.shell.JsonOption;
import kos.shell.OnOff;
import kos.shell.Output;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            LlmctlCommand.BackendCmd.class,
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
    static class Ask extends ShellCommand { // llminfer is the same command under the seed's name
        @Parameters(paramLabel = "QUESTION", arity = "1..*", description = "The question (quotes optional).")
        List<String> words;

        @Option(
                names = "--mode",
                defaultValue = "suggest",
                paramLabel = "MODE",
                description = "suggest, confirm or auto (default ${DEFAULT-VALUE}).")
        String mode;

        @Mixin
        JsonOption json = new JsonOption();

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
            name = "backend",
            description = {
                "Show or choose the backend: 'embedded' (default; all-MiniLM-L6-v2 in the JVM, offline, deterministic) or",
                "'openai' (an OpenAI-compatible chat-completions server on this machine: llama.cpp, Ollama, vLLM)."
            })
    static final class BackendCmd extends ShellCommand {
        @Parameters(paramLabel = "NAME", arity = "0..1", description = "embedded or openai.")
        String name;

        @Option(names = "--url", description = "openai: base URL on loopback, e.g. http://127.0.0.1:8080/v1.")
        String url;

        @Option(
                names = "--model",
                defaultValue = "default",
                description = "openai: model name (default ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "openai: per request (default 10s).")
        Args.Duration timeout;

        @Option(
                names = "--retries",
                defaultValue = "2",
                description = "openai: retries after a failure, 0..5 (default ${DEFAULT-VALUE}).")
        int retries;

        @Option(
                names = "--key-env",
                defaultValue = OpenAiBackend.DEFAULT_KEY_ENV,
                paramLabel = "VAR",
                description =
                        "openai: environment variable holding the API key (default ${DEFAULT-VALUE}); the key is never printed.")
        String keyEnv;

        @Option(names = "--no-retrieval", description = "embedded: do not retrieve past incidents.")
        boolean noRetrieval;

        @Override
        public void run() {
            LlmShell llm = LlmShell.of(session);
            if (name != null) {
                switch (name) {
                    case "embedded" -> {
                        LlmShell.quietModelLoaders();
                        llm.backend(EmbeddedBackend.standard().withRetrieval(!noRetrieval));
                    }
                    case "openai" -> {
                        if (url == null) {
                            throw new KosException(
                                    "llmctl backend openai needs --url, e.g. --url http://127.0.0.1:8080/v1");
                        }
                        Duration t = Duration.ofNanos(timeout == null ? 10 * Quantities.NS_PER_S : timeout.ns());
                        llm.backend(new OpenAiBackend(
                                new OpenAiBackend.Config(url, model, t, retries, Duration.ofMillis(200), keyEnv)));
                    }
                    default ->
                        throw new KosException(
                                "unknown backend '" + Untrusted.printable(name, 40) + "': expected embedded or openai");
                }
            }
            session.out().println("backend: " + llm.backend().describe());
        }
    }

    @Command(
            name = "status",
            description = "The gate, the backend, questions asked, actionable and executed counts, latency p50/p99.")
    static class Status extends ShellCommand { // llmstats is the same command under the seed's name
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            LlmViews.StatusView v = LlmViews.status(session, LlmShell.of(session));
            Output.print(session, json.enabled(), v, () -> LlmViews.status(v));
        }
    }

    @Command(name = "audit", description = "The commands llmctl executed, with the question that caused each.")
    static final class Audit extends ShellCommand {
        @Parameters(paramLabel = "N", defaultValue = "20", description = "How many (default ${DEFAULT-VALUE}).")
        int n;

        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            List<LlmAudit.Entry> es = LlmShell.of(session).audit.last(Math.max(0, n));
            Output.print(session, json.enabled(), es, () -> {
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
    static final class On extends ShellCommand {
        @Override
        public void run() {
            LlmShell.of(session).enabled(OnOff.parse("on", "llm"));
            session.out().println("llm on");
        }
    }

    @Command(name = "off", description = "Turn the llm subsystem off: ask, llminfer and eval refuse until 'llmctl on'.")
    static final class Off extends ShellCommand {
        @Override
        public void run() {
            LlmShell.of(session).enabled(false);
            session.out().println("llm off");
        }
    }
}
