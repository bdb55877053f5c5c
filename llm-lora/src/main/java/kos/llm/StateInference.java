package kos.llm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kos.llm.backend.Backend;
import kos.llm.sandbox.CommandExtractor;
import kos.llm.sandbox.CommandLayer;
import kos.llm.sandbox.Sandbox;
import kos.llm.sandbox.Verdict;
import kos.llm.state.PromptEncoder;
import kos.llm.state.StateSnapshot;
import kos.sim.Telemetry;

/**
 * One question, end to end: encode the snapshot, ask the backend, extract the proposed commands,
 * judge each in the {@link Sandbox}, and (by {@link Mode}) run the allowed ones, each recorded in
 * the {@link LlmAudit} with the question. In auto mode an answer the embedded model marks as under
 * its calibrated confidence threshold runs nothing. A backend failure propagates as its one-line
 * {@link kos.llm.backend.BackendException} before anything could run.
 */
public final class StateInference {
    /** At most this many commands run per question. */
    public static final int MAX_EXECUTIONS = 2;

    private StateInference() {}

    /** Asks the operator whether to run a command; {@link #NO_TERMINAL} when there is nobody to ask. */
    @FunctionalInterface
    public interface Confirmer {
        Confirmer NO_TERMINAL = null;

        boolean confirm(String command);
    }

    /** A command that ran. */
    public record Executed(String command, String commandClass, int exitCode, String output) {}

    /**
     * @param inferenceNs wall-clock time from snapshot encoding to the backend's answer
     * @param cpuNs       CPU time of the asking thread over the same span (what the question costs without
     *                    contention; the embedded model runs on that thread; -1 when the JVM cannot measure it)
     * @param signals     how the embedded model decided (request kind, confidence), or null
     * @param notes       one line per refusal or skipped execution
     */
    public record Result(
            String question,
            String backend,
            String answer,
            String intent,
            double score,
            List<String> retrieved,
            Backend.Signals signals,
            List<Verdict> verdicts,
            int dropped,
            Mode mode,
            List<Executed> executed,
            List<String> notes,
            long inferenceNs,
            long cpuNs) {
        /** Whether some proposed command passed the sandbox. */
        public boolean actionable() {
            return verdicts.stream().anyMatch(Verdict::allowed);
        }
    }

    public static Result ask(
            String question,
            Mode mode,
            Backend backend,
            StateSnapshot snapshot,
            Sandbox sandbox,
            Confirmer confirmer,
            LlmAudit audit,
            Telemetry.Latency latency) {
        long c0 = cpuTime();
        long t0 = System.nanoTime();
        String prompt = PromptEncoder.encode(snapshot);
        Backend.Reply reply = backend.ask(question, snapshot, prompt);
        long ns = System.nanoTime() - t0;
        long cpu = c0 < 0 ? -1 : cpuTime() - c0;
        latency.record(ns);
        CommandExtractor.Extraction ex = CommandExtractor.extract(reply.text());
        List<Verdict> verdicts = new ArrayList<>();
        for (CommandExtractor.Proposal p : ex.proposals()) {
            verdicts.add(sandbox.judge(p.line(), snapshot));
        }
        List<Executed> executed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Verdict v : verdicts) {
            if (!v.allowed()) {
                notes.add("refused: " + v.reason());
            }
        }
        if (mode == Mode.CONFIRM && confirmer == null && verdicts.stream().anyMatch(Verdict::allowed)) {
            notes.add("confirm mode needs a terminal to ask on; nothing executed (use --mode auto in scripts)");
        } else if (mode == Mode.AUTO
                && reply.signals() != null
                && reply.signals().abstained()
                && verdicts.stream().anyMatch(Verdict::allowed)) {
            notes.add(String.format(
                    Locale.ROOT,
                    "not run: confidence %.2f is under the calibrated threshold; auto mode runs only confident answers"
                            + " (ask more precisely, or use --mode confirm)",
                    reply.signals().confidence()));
        } else if (mode != Mode.SUGGEST) {
            for (Verdict v : verdicts) {
                if (!v.allowed()) {
                    continue;
                }
                if (executed.size() == MAX_EXECUTIONS) {
                    notes.add("not run: at most " + MAX_EXECUTIONS + " commands per question");
                    break;
                }
                String line = String.join(" ", v.words());
                if (mode == Mode.CONFIRM && !confirmer.confirm(line)) {
                    notes.add("not run (declined): " + line);
                    continue;
                }
                CommandLayer.Execution r = sandbox.layer().execute(v.words());
                executed.add(new Executed(line, v.commandClass(), r.exitCode(), r.output()));
                audit.record(new LlmAudit.Entry(snapshot.timeNs(), question, line, r.exitCode(), backend.name()));
            }
        }
        return new Result(
                question,
                backend.name(),
                reply.text(),
                reply.intent(),
                reply.score(),
                reply.retrieved(),
                reply.signals(),
                verdicts,
                ex.dropped(),
                mode,
                executed,
                notes,
                ns,
                cpu);
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long cpuTime() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }
}
