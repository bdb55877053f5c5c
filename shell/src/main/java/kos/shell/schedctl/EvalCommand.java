package kos.shell.schedctl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kos.attn.eval.EvalComparison;
import kos.attn.eval.EvalMatrix;
import kos.attn.eval.EvalSummary;
import kos.sched.PolicyRegistry;
import kos.shell.JsonCommand;
import kos.shell.Progress;
import kos.shell.report.HtmlReport;
import kos.shell.report.SweepOutputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code schedctl eval}: the scheduling policies on the task mixes, N seeds each, in parallel. */
@Command(
        name = "eval",
        description = {
            "Compare scheduling policies on task mixes (the attention scheduler's evaluation).",
            "Each mix x load x CPU count x policy on N seeds, each run",
            "in a fresh simulation until every task finished, on parallel threads (results do not depend on --threads).",
            "Mixes: interactive-heavy (the interactive mix), batch-heavy (batch), mixed, heavy-tail (the default four);",
            "the shipped mixes heavy-tail-0.95, io-bound, realtime+batch, interactive-70 (all four: --mix new);",
            "a mix file or an inline spec (see docs/attention-scheduler.md), which may set its own loads and CPUs.",
            "Per cell, means over seeds: mean turnaround and its paired difference from CFS with a 95%% CI over seeds,",
            "p99 turnaround, interactive p99 response, p99 wakeup latency per class, context switches and their overhead,",
            "deadline miss rate; max wait is the longest single wakeup-to-run wait over all seeds; fairness is Jain's index.",
            "Then, per cell, the attention scheduler against CFS/EEVDF, the size-blind bound (the best policy without the oracle;",
            "proven where Gittins with the true sizes runs on 1 CPU with CPU-only jobs, M/G/1) and SRPT-oracle; and the goals over all cells.",
            "Its parameters were tuned on seeds 1-3 (the default): pass others, e.g. --seeds 201..205, for held-out numbers."
        })
public final class EvalCommand extends JsonCommand {

    @Mixin
    MatrixOptions matrix = new MatrixOptions(3, 1);

    @Option(
            names = "--policy",
            split = ",",
            paramLabel = "NAME",
            description =
                    "Policies (default: cfs,eevdf,rr,mlfq,las,gittins,attention,srpt; gittins, with the mix's true size distribution per class, on every mix without realtime tasks).")
    List<String> policies = new ArrayList<>();

    @Option(
            names = "--attention",
            paramLabel = "KEY=VALUE",
            description = "A parameter of the attention policy, e.g. --attention learn=off (repeatable).")
    Map<String, String> attention = new LinkedHashMap<>();

    @Mixin
    SweepOutputs outputs = new SweepOutputs();

    /** The JSON document. */
    public record Report(
            List<EvalMatrix.Row> rows,
            List<EvalComparison> attention,
            EvalSummary summary,
            int seeds,
            long seedBase,
            int tasks,
            Map<String, String> attentionParams) {}

    @Override
    public void run() {
        outputs.check();
        EvalMatrix.Plan plan = new EvalMatrix.Plan(
                matrix.mixList(),
                matrix.loadList(),
                matrix.cpus,
                policies.isEmpty() ? EvalMatrix.POLICIES : policies,
                matrix.seedList(),
                matrix.tasks,
                attention);
        List<EvalMatrix.Row> rows = runMatrix(plan);
        List<EvalComparison> cmp = EvalComparison.of(rows, "attention");
        EvalSummary summary = EvalSummary.of(rows, cmp, "attention");
        Report r = new Report(rows, cmp, summary, matrix.seeds.count(), matrix.seeds.first(), matrix.tasks, attention);
        writeOutputs(r);
        print(EvalTables.nanAsNull(session.json(), r), () -> render(r));
    }

    /** Every run of the plan on the worker threads, with a progress line; Ctrl-C stops it. */
    private List<EvalMatrix.Row> runMatrix(EvalMatrix.Plan plan) {
        List<EvalMatrix.Row> rows;
        try (Progress progress = new Progress(session, "schedctl eval")) {
            rows = EvalMatrix.run(
                    plan,
                    PolicyRegistry.standard(),
                    matrix.threadCount(),
                    progress.runs(plan.runs()),
                    session::isInterrupted);
        }
        session.checkInterrupted();
        return rows;
    }

    private static String render(Report r) {
        return EvalTables.render(
                r.rows(),
                r.attention(),
                r.summary(),
                String.format(
                        Locale.ROOT,
                        "%d tasks per run, seeds %d..%d; times in ms of virtual time",
                        r.tasks(),
                        r.seedBase(),
                        r.seedBase() + r.seeds() - 1));
    }

    private void writeOutputs(Report r) {
        List<List<Object>> csv = new ArrayList<>();
        List<HtmlReport.Bar> bars = new ArrayList<>();
        for (EvalMatrix.Row row : r.rows()) {
            double half = SweepOutputs.halfWidth95(row.seedMeanTurnaroundMs());
            String cell = row.mix() + " " + row.load() + "/" + row.cpus();
            csv.add(List.of(
                    row.mix(),
                    row.load(),
                    row.cpus(),
                    row.policy(),
                    row.seeds(),
                    row.meanTurnaroundMs(),
                    half,
                    row.p99TurnaroundMs(),
                    row.switches(),
                    row.deadlineMissRate(),
                    row.vsCfsPct(),
                    row.vsCfsCi95Pct()));
            bars.add(new HtmlReport.Bar(
                    row.policy(),
                    cell,
                    row.meanTurnaroundMs(),
                    Double.isNaN(half) ? null : row.meanTurnaroundMs() - half,
                    Double.isNaN(half) ? null : row.meanTurnaroundMs() + half));
        }
        outputs.write(
                session.json(),
                List.of(
                        "mix",
                        "load",
                        "cpus",
                        "policy",
                        "seeds",
                        "mean_turnaround_ms",
                        "ci95_half_width_ms",
                        "p99_turnaround_ms",
                        "switches",
                        "deadline_miss_rate",
                        "vs_cfs_pct",
                        "vs_cfs_ci95_pct"),
                csv,
                new HtmlReport.Data(
                        "kos schedctl eval: seeds " + r.seedBase() + ".." + (r.seedBase() + r.seeds() - 1),
                        List.of(),
                        null,
                        "Mean turnaround per cell (mix load/cpus) and policy, 95% interval over seeds",
                        "ms",
                        "Lower is better. Times are virtual.",
                        bars,
                        List.of(),
                        null));
    }
}
