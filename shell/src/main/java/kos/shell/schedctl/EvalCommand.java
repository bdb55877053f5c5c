package kos.shell.schedctl;

import kos.attn.eval.EvalMatrix;
import kos.sched.PolicyRegistry;
import kos.shell.JsonOption;
import kos.shell.Output;
import kos.shell.Progress;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;

/** {@code schedctl eval}: the scheduling policies on the task mixes, N seeds each, in parallel. */
@Command(name = "eval",
        description = {"Compare scheduling policies on task mixes (the attention scheduler's evaluation).",
                "Each mix x load x CPU count x policy on N seeds, each run",
                "in a fresh simulation until every task finished, on parallel threads (results do not depend on --threads).",
                "Mixes: interactive-heavy (the interactive mix), batch-heavy (batch), mixed, heavy-tail.",
                "Per cell, means over seeds: mean and p99 turnaround, interactive p99 response, context switches and their",
                "overhead; max wait is the longest single wakeup-to-run wait over all seeds; fairness is Jain's index.",
                "Then, per cell, the attention scheduler against CFS and SRPT-oracle."})
public final class EvalCommand extends ShellCommand {

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3", description = "Seeds per cell (default ${DEFAULT-VALUE}).")
    int seeds;
    @Option(names = "--seed-base", paramLabel = "S", defaultValue = "1", description = "First seed (default ${DEFAULT-VALUE}): seeds S..S+N-1.")
    long seedBase;
    @Option(names = "--tasks", paramLabel = "N", defaultValue = "200", description = "Tasks per run (default ${DEFAULT-VALUE}).")
    int tasks;
    @Option(names = "--mix", split = ",", paramLabel = "MIX", description = "Mixes (default: interactive-heavy,batch-heavy,mixed,heavy-tail).")
    List<String> mixes = new ArrayList<>();
    @Option(names = "--load", split = ",", paramLabel = "L", description = "Offered loads (default: 0.7,0.9).")
    List<Double> loads = new ArrayList<>(List.of(0.7, 0.9));
    @Option(names = "--cpus", split = ",", paramLabel = "N", description = "CPU counts (default: 1,4).")
    List<Integer> cpus = new ArrayList<>(List.of(1, 4));
    @Option(names = "--policy", split = ",", paramLabel = "NAME", description = "Policies (default: cfs,eevdf,rr,mlfq,attention,srpt).")
    List<String> policies = new ArrayList<>();
    @Option(names = "--attention", paramLabel = "KEY=VALUE", description = "A parameter of the attention policy, e.g. --attention learn=off (repeatable).")
    Map<String, String> attention = new LinkedHashMap<>();
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores). Results do not depend on it.")
    Integer threads;
    @Mixin
    JsonOption json = new JsonOption();

    /** Attention against a baseline in one cell: positive percentages mean attention is better (lower). */
    public record Comparison(String mix, double load, int cpus, double turnaroundVsCfsPct, double turnaroundVsSrptPct,
                             double switchesVsCfsPct, double interactiveP99VsCfsPct) {
    }

    /** The JSON document. */
    public record Report(List<EvalMatrix.Row> rows, List<Comparison> attention, int seeds, long seedBase, int tasks,
                         Map<String, String> attentionParams) {
    }

    @Override
    public void run() {
        if (seeds < 1) {
            throw new KosException("--seeds must be at least 1");
        }
        List<EvalMatrix.Mix> ms = new ArrayList<>();
        if (mixes.isEmpty()) {
            ms.addAll(EvalMatrix.MIXES);
        } else {
            for (String m : mixes) {
                ms.add(EvalMatrix.MIXES.stream().filter(x -> x.name().equals(m) || x.workload().equals(m)).findFirst()
                        .orElseThrow(() -> new KosException("unknown mix '" + m + "': expected interactive-heavy, batch-heavy, mixed or heavy-tail")));
            }
        }
        for (double l : loads) {
            if (!(l > 0 && l <= 4)) {
                throw new KosException("--load " + l + " is out of range: expected (0, 4]");
            }
        }
        EvalMatrix.Plan plan = new EvalMatrix.Plan(ms, loads, cpus, policies.isEmpty() ? EvalMatrix.POLICIES : policies,
                LongStream.range(seedBase, seedBase + seeds).boxed().toList(), tasks, attention);
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
        List<EvalMatrix.Row> rows;
        try (Progress progress = new Progress(session, "schedctl eval")) {
            rows = EvalMatrix.run(plan, PolicyRegistry.standard(), n, done -> {
                synchronized (progress) {
                    progress.update(done, plan.runs(), done + "/" + plan.runs() + " runs");
                }
            });
        }
        session.checkInterrupted();
        Report r = new Report(rows, compare(rows), seeds, seedBase, tasks, attention);
        Output.print(session, json.enabled(), r, () -> render(r));
    }

    static List<Comparison> compare(List<EvalMatrix.Row> rows) {
        List<Comparison> out = new ArrayList<>();
        for (EvalMatrix.Row a : rows) {
            if (!a.policy().equals("attention")) {
                continue;
            }
            EvalMatrix.Row cfs = find(rows, a, "cfs"), srpt = find(rows, a, "srpt");
            out.add(new Comparison(a.mix(), a.load(), a.cpus(), cfs == null ? Double.NaN : gain(cfs.meanTurnaroundMs(), a.meanTurnaroundMs()),
                    srpt == null ? Double.NaN : -gain(srpt.meanTurnaroundMs(), a.meanTurnaroundMs()),
                    cfs == null ? Double.NaN : gain(cfs.switches(), a.switches()),
                    cfs == null ? Double.NaN : gain(cfs.interactiveP99ResponseMs(), a.interactiveP99ResponseMs())));
        }
        return out;
    }

    private static EvalMatrix.Row find(List<EvalMatrix.Row> rows, EvalMatrix.Row like, String policy) {
        return rows.stream().filter(r -> r.policy().equals(policy) && r.mix().equals(like.mix()) && r.load() == like.load() && r.cpus() == like.cpus())
                .findFirst().orElse(null);
    }

    /** How much lower {@code x} is than {@code base}, in percent of base. */
    private static double gain(double base, double x) {
        return base == 0 || Double.isNaN(base) || Double.isNaN(x) ? Double.NaN : 100.0 * (base - x) / base;
    }

    private static String render(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d tasks per run, seeds %d..%d; times in ms of virtual time%n%n", r.tasks(), r.seedBase(),
                r.seedBase() + r.seeds() - 1));
        TextTable t = new TextTable("mix", "load", "cpus", "policy", "mean turn", "p99 turn", "inter p99 resp", "switches", "switch ovh",
                "max wait", "fairness");
        for (EvalMatrix.Row x : r.rows()) {
            t.row(x.mix(), f(x.load(), 1), x.cpus(), x.policy() + (x.finished() ? "" : " (unfinished)"), f(x.meanTurnaroundMs(), 1),
                    f(x.p99TurnaroundMs(), 1), Double.isNaN(x.interactiveP99ResponseMs()) ? "-" : f(x.interactiveP99ResponseMs(), 2),
                    f(x.switches(), 0), f(x.switchOverheadMs(), 1), f(x.maxWaitMs(), 1), f(x.fairness(), 3));
        }
        sb.append(t).append('\n');
        if (!r.attention().isEmpty()) {
            sb.append("attention vs baselines (positive = attention lower/better; vs SRPT: how much worse)\n");
            TextTable c = new TextTable("mix", "load", "cpus", "turn vs cfs %", "turn worse than srpt %", "switches vs cfs %", "inter p99 resp vs cfs %");
            for (Comparison x : r.attention()) {
                c.row(x.mix(), f(x.load(), 1), x.cpus(), pct(x.turnaroundVsCfsPct()), pct(x.turnaroundVsSrptPct()), pct(x.switchesVsCfsPct()),
                        pct(x.interactiveP99VsCfsPct()));
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static String f(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.1f", v);
    }
}
