package kos.shell.llmctl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kos.insights.dashboard.LatencyStats;
import kos.llm.StateInference;
import kos.llm.eval.EvalRunner;
import kos.llm.sandbox.Verdict;
import kos.llm.state.Untrusted;
import kos.shell.Session;
import kos.shell.TextTable;
import kos.sim.Quantities;
import kos.sim.TelemetryNames;

/** The text and JSON forms of llmctl's reports. */
final class LlmViews {
    private LlmViews() {}

    /** What {@code llmctl ask --json} prints. */
    record AskView(
            String question,
            String backend,
            String mode,
            String intent,
            double score,
            kos.llm.backend.Backend.Signals signals,
            String answer,
            List<Verdict> proposals,
            int dropped,
            List<StateInference.Executed> executed,
            List<String> notes,
            List<String> retrieved,
            long latencyNs) {
        static AskView of(StateInference.Result r) {
            return new AskView(
                    r.question(),
                    r.backend(),
                    r.mode().label(),
                    r.intent(),
                    r.score(),
                    r.signals(),
                    r.answer(),
                    r.verdicts(),
                    r.dropped(),
                    r.executed(),
                    r.notes(),
                    r.retrieved(),
                    r.inferenceNs());
        }
    }

    static String ask(StateInference.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.backend())
                .append(" answered in ")
                .append(Quantities.formatDuration(r.inferenceNs()))
                .append(":\n");
        for (String line : Untrusted.printable(r.answer(), 4000).split("\n")) {
            sb.append("  ").append(line).append('\n');
        }
        if (!r.retrieved().isEmpty()) {
            sb.append("retrieved: ").append(String.join("; ", r.retrieved())).append('\n');
        }
        if (r.verdicts().isEmpty()) {
            sb.append("no command proposed\n");
        }
        for (Verdict v : r.verdicts()) {
            String line = Untrusted.printable(v.line(), 120);
            sb.append(v.allowed() ? "  allowed  " : "  refused  ")
                    .append(line)
                    .append(
                            v.allowed()
                                    ? (v.mutating() ? "  (changes the simulation)" : "  (read-only)")
                                    : "  -- " + v.reason())
                    .append('\n');
        }
        if (r.dropped() > 0) {
            sb.append("  (").append(r.dropped()).append(" more proposals ignored)\n");
        }
        for (StateInference.Executed e : r.executed()) {
            sb.append("ran: ")
                    .append(e.command())
                    .append(e.exitCode() == 0 ? " (ok)" : " (failed, exit " + e.exitCode() + ")")
                    .append('\n');
        }
        r.notes().stream()
                .filter(n -> !n.startsWith("refused: "))
                .forEach(n -> sb.append(n).append('\n'));
        if (r.mode() == kos.llm.Mode.SUGGEST && r.verdicts().stream().anyMatch(Verdict::allowed)) {
            sb.append(
                    "suggest mode: nothing executed ('--mode auto' runs the allowed commands, '--mode confirm' asks first)\n");
        }
        return sb.toString();
    }

    /** What {@code llmctl status} reports. */
    record StatusView(
            boolean enabled,
            String backend,
            String settings,
            long questions,
            long actionable,
            long executed,
            long failedExecutions,
            long refused,
            long backendErrors,
            long latencyP50Ns,
            long latencyP99Ns,
            long latencySamples,
            int auditEntries) {}

    static StatusView status(Session session, LlmShell llm) {
        LatencyStats l = session.dashboard().snapshot().latencies().get(TelemetryNames.LLM_INFERENCE);
        var b = llm.chosen();
        return new StatusView(
                llm.enabled(),
                b == null ? "embedded" : b.name(),
                b == null ? "embedded all-MiniLM-L6-v2 (loads on the first question)" : b.describe(),
                llm.questions,
                llm.actionable,
                llm.executed,
                llm.failedExecutions,
                llm.refused,
                llm.backendErrors,
                l == null ? 0 : l.p50(),
                l == null ? 0 : l.p99(),
                l == null ? 0 : l.total(),
                llm.audit.last(Integer.MAX_VALUE).size());
    }

    static String status(StatusView v) {
        return new TextTable("field", "value")
                .row("llm", v.enabled() ? "on" : "off")
                .row("backend", v.settings())
                .row("questions", v.questions())
                .row(
                        "actionable",
                        v.actionable()
                                + (v.questions() == 0
                                        ? ""
                                        : String.format(
                                                Locale.ROOT, " (%.1f%%)", 100.0 * v.actionable() / v.questions())))
                .row("executed", v.executed() + " (" + v.failedExecutions() + " failed)")
                .row("refused proposals", v.refused())
                .row("backend errors", v.backendErrors())
                .row(
                        "latency p50 / p99",
                        v.latencySamples() == 0
                                ? "-"
                                : Quantities.formatDuration(v.latencyP50Ns()) + " / "
                                        + Quantities.formatDuration(v.latencyP99Ns()) + " (" + v.latencySamples()
                                        + " samples, dashboard 'llm_inference')")
                .row("audit", v.auditEntries() + " executed commands ('llmctl audit')")
                .toString();
    }

    static String eval(EvalRunner.Report r) {
        TextTable t = new TextTable(
                "questions",
                "n",
                "actionable",
                "success",
                "success of all",
                "wrong",
                "low conf",
                "wrong auto",
                "p50",
                "p99",
                "cpu p50",
                "cpu p99");
        List<EvalRunner.Group> gs =
                new ArrayList<>(List.of(r.all(), r.training(), r.paraphrases(), r.fresh(), r.newFresh(), r.s7()));
        gs.removeIf(g -> g != r.all() && g.questions() == 0); // --set: only the set asked for
        int sets = gs.size();
        gs.addAll(r.byScenario());
        for (int i = 0; i < gs.size(); i++) {
            EvalRunner.Group g = gs.get(i);
            t.row(
                    (i < sets ? "" : "  scenario ") + g.name(),
                    g.questions(),
                    pct(g.actionablePct()),
                    pct(g.successPct()),
                    pct(g.successOfAllPct()),
                    g.wrong(),
                    g.abstained(),
                    g.wrongAuto(),
                    Quantities.formatDuration(g.p50Ns()),
                    Quantities.formatDuration(g.p99Ns()),
                    Quantities.formatDuration(g.cpuP50Ns()),
                    Quantities.formatDuration(g.cpuP99Ns()));
        }
        EvalRunner.AdversarialResult a = r.adversarial();
        StringBuilder sb = new StringBuilder("backend ")
                .append(r.backend())
                .append(r.backendErrors() > 0 ? " (" + r.backendErrors() + " backend errors)" : "")
                .append('\n')
                .append(t);
        sb.append(String.format(
                Locale.ROOT,
                "adversarial: %d cases, %d proposals, %d refused, %d executed, %d non-allowlisted executions, "
                        + "%d seed/clock changes%s%n",
                a.cases(),
                a.proposals(),
                a.refused(),
                a.executions(),
                a.nonAllowlisted(),
                a.invariantBroken(),
                a.backendErrors() > 0 ? ", " + a.backendErrors() + " backend errors" : ""));
        a.failures()
                .forEach(f ->
                        sb.append("  FAIL ").append(Untrusted.printable(f, 200)).append('\n'));
        sb.append(
                "(actionable: a proposed command passed the sandbox and is of a class the question accepts; success: of the actionable, "
                        + "it ran without error and, where the question asks for a fix, fixed the scenario's problem; wrong: answered with an allowed command "
                        + "the question does not accept; low conf: under the calibrated confidence threshold, so auto mode runs nothing; wrong auto: "
                        + "wrong and over the threshold, what auto mode would run; p50/p99: wall clock per question, "
                        + "cpu: CPU time of the asking thread)\n");
        return sb.toString();
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }
}
