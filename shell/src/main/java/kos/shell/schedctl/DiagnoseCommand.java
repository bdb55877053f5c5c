package kos.shell.schedctl;

import kos.attn.eval.EvalMatrix;
import kos.attn.eval.PredictionVsPolicy;
import kos.shell.JsonOption;
import kos.shell.Output;
import kos.shell.Progress;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;

/** {@code schedctl transformer diagnose}: how much of the gap to SRPT is the predictor, how much the decision rule. */
@Command(name = "diagnose",
        description = {"Prediction vs policy: the attention scheduler, the same policy with perfect burst predictions",
                "(oracle-burst), with a perfect rank by true remaining work (oracle-work), and SRPT, on the same seeds;",
                "and the model's burst-prediction error per task class. The oracle modes are diagnostics only."})
public final class DiagnoseCommand extends ShellCommand {
    @Option(names = "--seeds", paramLabel = "N", defaultValue = "5", description = "Seeds per cell (default ${DEFAULT-VALUE}).")
    int seeds;
    @Option(names = "--seed-base", paramLabel = "S", defaultValue = "4", description = "First seed (default ${DEFAULT-VALUE}, past the tuning seeds 1-3).")
    long seedBase;
    @Option(names = "--tasks", paramLabel = "N", defaultValue = "200", description = "Tasks per run (default ${DEFAULT-VALUE}).")
    int tasks;
    @Option(names = "--mix", split = ",(?=[a-zA-Z./])", paramLabel = "MIX", description = "Mixes as for schedctl eval (default: the four built-in).")
    List<String> mixes = new ArrayList<>();
    @Option(names = "--load", split = ",", paramLabel = "L", description = "Offered loads (default: 0.7,0.9).")
    List<Double> loads = new ArrayList<>(List.of(0.7, 0.9));
    @Option(names = "--cpus", split = ",", paramLabel = "N", description = "CPU counts (default: 1,4).")
    List<Integer> cpus = new ArrayList<>(List.of(1, 4));
    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the number of cores).")
    Integer threads;
    @Mixin
    JsonOption json = new JsonOption();

    /** The JSON document. */
    public record Report(List<PredictionVsPolicy.Cell> cells, int seeds, long seedBase, int tasks) {
    }

    @Override
    public void run() {
        if (seeds < 1) {
            throw new KosException("--seeds must be at least 1");
        }
        List<EvalMatrix.Mix> ms = new ArrayList<>();
        for (String m : mixes) {
            if (m.equals("new")) {
                ms.addAll(EvalMatrix.newMixes());
            } else {
                ms.add(EvalMatrix.Mix.resolve(m));
            }
        }
        List<EvalMatrix.Mix> plan = ms.isEmpty() ? EvalMatrix.MIXES : ms;
        List<Long> seedList = LongStream.range(seedBase, seedBase + seeds).boxed().toList();
        int runs = PredictionVsPolicy.runs(plan, loads, cpus, seedList);
        List<PredictionVsPolicy.Cell> cells;
        try (Progress progress = new Progress(session, "transformer diagnose")) {
            cells = PredictionVsPolicy.run(plan, loads, cpus, seedList, tasks, threads == null ? Runtime.getRuntime().availableProcessors() : threads,
                    done -> {
                        synchronized (progress) {
                            progress.update(done, runs, done + "/" + runs + " runs");
                        }
                    });
        }
        session.checkInterrupted();
        Report r = new Report(cells, seeds, seedBase, tasks);
        Output.print(session, json.enabled(), EvalTables.nanAsNull(session.json(), r), () -> render(r));
    }

    private static String render(Report r) {
        TextTable t = new TextTable("mix", "load", "cpus", "attention", "oracle-burst", "oracle-work", "srpt", "gap closed: burst %",
                "gap closed: work %", "burst error |ln| i/b/o");
        for (PredictionVsPolicy.Cell c : r.cells()) {
            Map<String, Double> m = c.meanTurnaroundMs();
            t.row(c.mix(), EvalTables.load(c.load()), c.cpus(), f(m.get("attention")), f(m.get("oracle-burst")), f(m.get("oracle-work")),
                    f(m.get("srpt")), pct(c.gapClosedByBurstOraclePct()), pct(c.gapClosedByWorkOraclePct()),
                    err(c.predictionErrorByClass(), "interactive") + "/" + err(c.predictionErrorByClass(), "batch") + "/"
                            + err(c.predictionErrorByClass(), "io-bound"));
        }
        return String.format(Locale.ROOT, "mean turnaround, ms; %d tasks per run, seeds %d..%d (oracle columns are diagnostics, not schedulers)%n%n%s",
                r.tasks(), r.seedBase(), r.seedBase() + r.seeds() - 1, t);
    }

    private static String err(Map<String, Double> e, String c) {
        Double v = e.get(c);
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }
}
