package kos.shell.llmctl;

import java.time.Duration;
import kos.llm.backend.Backend;
import kos.llm.backend.EmbeddedBackend;
import kos.llm.backend.OpenAiBackend;
import kos.llm.state.Untrusted;
import kos.shell.Args;
import kos.shell.JsonCommand;
import kos.sim.KosException;
import kos.sim.Quantities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code llmctl backend}: shows or chooses the backend that answers {@code llmctl ask}. */
@Command(
        name = "backend",
        description = {
            "Show or choose the backend: 'embedded' (default; all-MiniLM-L6-v2 in the JVM, offline, deterministic) or",
            "'openai' (an OpenAI-compatible chat-completions server on this machine: llama.cpp, Ollama, vLLM)."
        })
final class BackendCommand extends JsonCommand {
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "embedded or openai.")
    String name;

    @Option(names = "--url", description = "openai: base URL on loopback, e.g. http://127.0.0.1:8080/v1.")
    String url;

    @Option(names = "--model", defaultValue = "default", description = "openai: model name (default ${DEFAULT-VALUE}).")
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

    /** What {@code llmctl backend --json} prints; the API key itself never appears. */
    record View(String backend, String description) {}

    @Override
    public void run() {
        LlmShell llm = LlmShell.of(session);
        if (name != null) {
            llm.backend(choose());
        }
        Backend b = llm.backend();
        print(new View(b.name(), b.describe()), () -> "backend: " + b.describe() + "\n");
    }

    private Backend choose() {
        return switch (name) {
            case "embedded" -> {
                LlmShell.quietModelLoaders();
                yield EmbeddedBackend.standard().withRetrieval(!noRetrieval);
            }
            case "openai" -> {
                if (url == null) {
                    throw new KosException("llmctl backend openai needs --url, e.g. --url http://127.0.0.1:8080/v1");
                }
                Duration t = Duration.ofNanos(timeout == null ? 10 * Quantities.NS_PER_S : timeout.ns());
                yield new OpenAiBackend(
                        new OpenAiBackend.Config(url, model, t, retries, Duration.ofMillis(200), keyEnv));
            }
            default ->
                throw new KosException(
                        "unknown backend '" + Untrusted.printable(name, 40) + "': expected embedded or openai");
        };
    }
}
