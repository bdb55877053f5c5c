package kos.shell.llmctl;

import kos.llm.LlmAudit;
import kos.llm.Mode;
import kos.llm.StateInference;
import kos.llm.backend.Backend;
import kos.llm.backend.BackendException;
import kos.llm.backend.EmbeddedBackend;
import kos.llm.sandbox.Sandbox;
import kos.llm.state.StateSnapshot;
import kos.shell.CommandRunner;
import kos.shell.Session;
import kos.shell.app.FeatureGates;
import kos.sim.KosException;
import kos.sim.TelemetryNames;

import org.slf4j.LoggerFactory;

import java.io.Console;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The session's llmctl state: the {@code llm} feature gate, the chosen backend, the audit of
 * executed commands and the counters {@code llmctl status} reports. Outlives {@code sim reset}.
 */
final class LlmShell {
    private final Session session;
    private Backend backend;
    private CommandRunner parser;
    final LlmAudit audit = new LlmAudit();
    long questions, actionable, executed, failedExecutions, refused, backendErrors;

    static LlmShell of(Session session) {
        return session.extension(LlmShell.class, () -> new LlmShell(session));
    }

    private LlmShell(Session session) {
        this.session = session;
    }

    /** The {@code llm} feature gate (also switched by {@code autoctl gate llm on|off}). */
    boolean enabled() {
        return FeatureGates.of(session).enabled(FeatureGates.LLM);
    }

    void enabled(boolean on) {
        FeatureGates.of(session).set(session, FeatureGates.LLM, on);
    }

    /** The backend; the embedded one (loaded on first use) unless another was chosen. */
    Backend backend() {
        if (backend == null) {
            quietModelLoaders();
            backend = EmbeddedBackend.standard();
        }
        return backend;
    }

    /** DJL's tokenizer loader warns about a missing CUDA driver on every CPU-only machine: not the user's concern. */
    static void quietModelLoaders() {
        if (LoggerFactory.getLogger("ai.djl") instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    /** The chosen backend without loading the embedded model, or null when none was loaded yet. */
    Backend chosen() {
        return backend;
    }

    void backend(Backend b) {
        if (backend instanceof AutoCloseable c && backend != b) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing an HTTP client cannot fail in a way the user can act on
            }
        }
        backend = b;
    }

    void requireEnabled() {
        if (!enabled()) {
            throw new KosException("the llm subsystem is off ('llmctl on' turns it on)");
        }
    }

    /** Answers one question about the session's current simulation. */
    StateInference.Result ask(CommandRunner runner, String question, Mode mode) {
        requireEnabled();
        if (question == null || question.isBlank()) {
            throw new KosException("the question is empty: ask something, e.g. llmctl ask \"why is memory so full?\"");
        }
        Session session = runner.session();
        StateSnapshot snap = LlmSnapshots.build(session.sim(), audit);
        Sandbox sandbox = new Sandbox(new ShellCommandLayer(parser(), runner));
        StateInference.Result r;
        try {
            r = StateInference.ask(question, mode, backend(), snap, sandbox, confirmer(session), audit,
                    session.dashboard().latency(TelemetryNames.LLM_INFERENCE));
        } catch (BackendException e) {
            backendErrors++;
            throw e;
        }
        questions++;
        actionable += r.actionable() ? 1 : 0;
        refused += r.verdicts().stream().filter(v -> !v.allowed()).count();
        for (StateInference.Executed e : r.executed()) {
            executed++;
            failedExecutions += e.exitCode() == 0 ? 0 : 1;
        }
        return r;
    }

    /** A parser of its own: parsing a proposal must not touch the tree that is running this command. */
    private CommandRunner parser() {
        if (parser == null) {
            PrintWriter sink = new PrintWriter(Writer.nullWriter());
            parser = new CommandRunner(new Session(sink, sink));
        }
        return parser;
    }

    /** Asks on the terminal when kos runs on one (the launcher says so), else nobody can be asked. */
    private static StateInference.Confirmer confirmer(Session session) {
        Console console = System.console();
        if (!Boolean.getBoolean("kos.tty") || console == null) {
            return StateInference.Confirmer.NO_TERMINAL;
        }
        return command -> {
            session.out().flush();
            String a = console.readLine("run '%s'? [y/N] ", command);
            return a != null && (a.strip().equalsIgnoreCase("y") || a.strip().equalsIgnoreCase("yes"));
        };
    }
}
