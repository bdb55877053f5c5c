package kos.shell.schedctl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;
import kos.attn.eval.EvalComparison;
import kos.attn.eval.EvalMatrix;
import kos.sched.PolicyRegistry;
import kos.shell.JsonOption;
import kos.shell.Output;
import kos.shell.Progress;
import kos.shell.ShellCommand;
import kos.shell.report.HtmlReport;
import kos.shell.report.SweepOutputs;
import kos.sim.KosException;
import kos.sim.Quantities;
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
            "Per cell, means over seeds: mean turnaround and its paired difference from CFS with a 95% CI over seeds,",
            "p99 turnaround, interactive p99 response, p99 wakeup latency per class, context switches and their overhead,",
            "deadline miss rate; max wait is the longest single wakeup-to-run wait over all seeds; fairness is Jain's index.",
            "Then, per cell, the attention scheduler against CFS/EEVDF, the best size-blind policy and SRPT-oracle."
        })
public final class EvalCommand extends ShellCommand {

    @Option(
            names = "--seeds",
            paramLabel = "N",
            defaultValue = "3",
            description = "Seeds per cell (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(
            names = "--seed-base",
            paramLabel = "S",
            defaultValue = "1",
            description = "First seed (default ${DEFAULT-VALUE}): seeds S..S+N-1.")
    long seedBase;

    @Option(
            names = "--tasks",
            paramLabel = "N",
            defaultValue = "200",
            description = "Tasks per run (default ${DEFAULT-VALUE}).")
    int tasks;

    @Option(
            names = "--mix",
            split = ",(?=[a-zA-Z./])",
            paramLabel = "MIX",
            description =
                    "Mixes: names, 'new' (the four shipped extra mixes), mix files or inline specs (default: the four built-in).")
    List<String> mixes = new ArrayList<>();

    @Option(names = "--load", split = ",", paramLabel = "L", description = "Offered loads (default: 0.7,0.9).")
    List<Double> loads = new ArrayList<>(List.of(0.7, 0.9));

    @Option(names = "--cpus", split = ",", paramLabel = "N", description = "CPU counts (default: 1,4).")
    List<Integer> cpus = new ArrayList<>(List.of(1, 4));

    @Option(
            names = "--policy",
            split = ",",
            paramLabel = "NAME",
            description =
                    "Policies (default: cfs,eevdf,rr,mlfq,las,gittins,attention,srpt; gittins only on mixes with one known size distribution).")
    List<String> policies = new ArrayList<>();

    @Option(
            names = "--attention",
            paramLabel = "KEY=VALUE",
            description = "A parameter of the attention policy, e.g. --attention learn=off (repeatable).")
    Map<String, String> attention = new LinkedHashMap<>();

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Worker threads (default: the number of cores). Results do not depend on it.")
    Integer threads;

    @Mixin
    JsonOption json = new JsonOption();

    @Mixin
    SweepOutputs outputs = new SweepOutputs();

    /** The JSON document. */
    public record Report(
            List<EvalMatrix.Row> rows,
            List<EvalComparison> attention,
            int seeds,
            long seedBase,
            int tasks,
            Map<String, String> attentionParams) {}

    @Override
    public void run() {
        if (seeds < 1) {
            throw new KosException("--seeds must be at least 1");
        }
        outputs.check();
        List<EvalMatrix.Mix> ms = new ArrayList<>();
        for (String m : mixes) {
            if (m.equals("new")) {
                ms.addAll(EvalMatrix.newMixes());
            } else {
                ms.add(EvalMatrix.Mix.resolve(m));
            }
        }
        for (double l : loads) {
            if (!(l > 0 && l <= 4)) {
                throw new KosException("--load " + l + " is out of range: expected (0, 4]");
            }
        }
        EvalMatrix.Plan plan = new EvalMatrix.Plan(
                ms.isEmpty() ? EvalMatrix.MIXES : ms,
                loads,
                cpus,
                policies.isEmpty() ? EvalMatrix.POLICIES : policies,
                LongStream.range(seedBase, seedBase + seeds).boxed().toList(),
                tasks,
                attention);
        int n = threads == null
                ? Runtime.getRuntime().availableProcessors()
                : (int) Quantities.checkRange(threads, 1, 256, "--threads");
        List<EvalMatrix.Row> rows;
        try (Progress progress = new Progress(session, "schedctl eval")) {
            int runs = plan.runs();
            rows = EvalMatrix.run(
                    plan,
                    PolicyRegistry.standard(),
                    n,
                    done -> {
                        synchronized (progress) {
                            progress.update(done, runs, done + "/" + runs + " runs");
                        }
                    },
                    session::isInterrupted);
        }
        session.checkInterrupted();
        Report r = new Report(rows, EvalComparison.of(rows, "attention"), seeds, seedBase, tasks, attention);
        writeOutputs(r);
        Output.print(
                session,
                json.enabled(),
                EvalTables.nanAsNull(session.json(), r),
                () -> EvalTables.render(
                        r.rows(),
                        r.attention(),
                        String.format(
                                Locale.ROOT,
                                "%d tasks per run, seeds %d..%d; times in ms of virtual time",
                                r.tasks(),
                                r.seedBase(),
                                r.seedBase() + r.seeds() - 1)));
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
                        List.of()));
    }
}
