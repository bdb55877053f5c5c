package kos.shell.stresstest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import kos.shell.Args;
import kos.shell.JsonCommand;
import kos.shell.Progress;
import kos.shell.TextTable;
import kos.shell.app.CrashWiring;
import kos.shell.report.HtmlReport;
import kos.shell.report.SweepOutputs;
import kos.sim.KosException;
import kos.sim.SeedStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stresstest compare}: the original's comparison table, autonomy off against on, over seeds. */
@Command(
        name = "compare",
        description = {
            "The original's comparison: the same memory stress with the autonomy loop off and on, on N seeds",
            "(derived from the session seed by the named stream 'stresstest.compare'), reporting peak and",
            "average pressure, OOM events, allocation latency p50/p99 and the actions taken, each as the mean",
            "over the seeds with its range. --csv writes one row per run, --report an HTML report."
        })
final class CompareCommand extends JsonCommand {
    @Option(
            names = "--duration",
            defaultValue = "60s",
            paramLabel = "DURATION",
            description = "How long each run lasts (default ${DEFAULT-VALUE}; a bare number is milliseconds).")
    Args.MillisOrDuration duration;

    @Option(
            names = "--target-pressure",
            defaultValue = "75",
            paramLabel = "PCT",
            description = "Steady footprint, 1..95 percent (default ${DEFAULT-VALUE}).")
    int target;

    @Option(
            names = "--leak",
            defaultValue = "1",
            paramLabel = "MIB_PER_S",
            description = "A leak of this rate, 0 for none (default ${DEFAULT-VALUE}).")
    double leak;

    @Option(names = "--frag-storm", description = "Add a fragmentation storm.")
    boolean fragStorm;

    @Option(
            names = "--seeds",
            defaultValue = "5",
            paramLabel = "N",
            description = "Seeds, 1..100 (default ${DEFAULT-VALUE}).")
    int seeds;

    @Mixin
    SweepOutputs outputs = new SweepOutputs();

    /** The root seed of the i-th compared run: a named stream of the session seed. */
    static final SeedStream SEEDS = SeedStream.named("stresstest.compare");

    /** What --json prints: every run, and per autonomy setting the mean and range of each measure. */
    record Comparison(String stress, List<Long> seeds, List<StressRun> runs, List<Row> summary) {}

    /** One measure: mean, min and max over the seeds, autonomy off and on. */
    record Row(String measure, String unit, double[] off, double[] on) {}

    @Override
    public void run() {
        outputs.check();
        if (seeds < 1 || seeds > 100) {
            throw new KosException("--seeds must be 1..100, got " + seeds);
        }
        if (target < 1 || target > 95 || !(leak >= 0 && leak <= 1024) || duration.ns() <= 0) {
            throw new KosException("expected --target-pressure 1..95, --leak 0..1024 MiB/s and a positive --duration");
        }
        StresstestCommand.noteUnitless(session, duration);
        StresstestCommand.Stress stress = new StresstestCommand.Stress(target, leak, fragStorm, duration.ns());
        List<Long> seedList = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            seedList.add(SEEDS.seed(session.seed(), i));
        }
        List<StressRun> runs = runAll(stress, seedList);
        Comparison c = new Comparison(StresstestCommand.describe(stress), seedList, runs, summarise(runs));
        writeOutputs(c);
        print(c, () -> render(c));
    }

    /** Each seed with autonomy off, then on; only the first seed's runs keep what a report draws. */
    private List<StressRun> runAll(StresstestCommand.Stress stress, List<Long> seedList) {
        CrashWiring w = CrashWiring.of(session);
        List<StressRun> runs = new ArrayList<>();
        try (Progress progress = new Progress(session, "stresstest compare")) {
            for (int i = 0; i < seedList.size(); i++) {
                for (boolean on : new boolean[] {false, true}) {
                    session.checkInterrupted();
                    runs.add(StressRun.of(
                            stress,
                            seedList.get(i),
                            w.predictor(),
                            on,
                            w.monitorConfig().threshold(),
                            outputs.wantsReport() && i == 0));
                    progress.update(runs.size(), 2L * seeds, runs.size() + "/" + 2 * seeds + " runs");
                }
            }
        }
        return runs;
    }

    static List<Row> summarise(List<StressRun> runs) {
        List<Row> rows = new ArrayList<>();
        rows.add(row(runs, "crashes", "share of runs", r -> r.crashed() ? 1 : 0));
        rows.add(row(runs, "peak pressure (memory in use)", "%", StressRun::peakUsedPct));
        rows.add(row(runs, "average pressure (memory in use)", "%", StressRun::avgUsedPct));
        rows.add(row(runs, "peak PSI some avg10", "%", StressRun::peakPsiSome10));
        rows.add(row(runs, "average PSI some", "%", StressRun::avgPsiSome));
        rows.add(row(runs, "OOM events", "", r -> r.oomEvents()));
        rows.add(row(runs, "allocation latency p50", "ms", r -> r.allocP50Ns() / 1e6));
        rows.add(row(runs, "allocation latency p99", "ms", r -> r.allocP99Ns() / 1e6));
        rows.add(row(
                runs,
                "actions taken",
                "",
                r -> r.actions().values().stream().mapToInt(Integer::intValue).sum()));
        return rows;
    }

    private static Row row(List<StressRun> runs, String measure, String unit, ToDoubleFunction<StressRun> f) {
        return new Row(measure, unit, stats(runs, false, f), stats(runs, true, f));
    }

    /** Mean, min, max and the 95% half-width (normal approximation) over the runs of one setting. */
    private static double[] stats(List<StressRun> runs, boolean autonomy, ToDoubleFunction<StressRun> f) {
        double[] v = runs.stream()
                .filter(r -> r.autonomy() == autonomy)
                .mapToDouble(f)
                .toArray();
        double mean = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, ss = 0;
        for (double x : v) {
            mean += x / v.length;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double half = v.length < 2 ? 0 : 1.96 * Math.sqrt(ss / (v.length - 1) / v.length);
        return new double[] {mean, min, max, half};
    }

    static String render(Comparison c) {
        TextTable t = new TextTable("measure", "autonomy off", "autonomy on");
        for (Row r : c.summary()) {
            t.row(r.measure() + (r.unit().isEmpty() ? "" : " (" + r.unit() + ")"), cell(r.off()), cell(r.on()));
        }
        return String.format(
                        Locale.ROOT,
                        "stresstest compare: %s on 256MiB, %d seeds (mean [min..max]):%n",
                        c.stress(),
                        c.seeds().size())
                + t;
    }

    private static String cell(double[] s) {
        return s[1] == s[2] ? fmt(s[0]) : fmt(s[0]) + " [" + fmt(s[1]) + ".." + fmt(s[2]) + "]";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 || v == Math.rint(v) ? "%.0f" : "%.2f", v);
    }

    private void writeOutputs(Comparison c) {
        List<List<Object>> rows = new ArrayList<>();
        for (StressRun r : c.runs()) {
            rows.add(List.of(
                    r.seed(),
                    r.autonomy() ? "on" : "off",
                    r.crashed(),
                    r.cause() == null ? "" : r.cause(),
                    r.peakUsedPct(),
                    r.avgUsedPct(),
                    r.peakPsiSome10(),
                    r.avgPsiSome(),
                    r.oomEvents(),
                    r.allocP50Ns(),
                    r.allocP99Ns(),
                    r.actions().values().stream().mapToInt(Integer::intValue).sum(),
                    r.digest()));
        }
        List<HtmlReport.Bar> bars = new ArrayList<>();
        for (Row r : c.summary()) {
            for (int on = 0; on < 2; on++) {
                double[] s = on == 0 ? r.off() : r.on();
                bars.add(new HtmlReport.Bar(on == 0 ? "off" : "on", r.measure(), s[0], s[0] - s[3], s[0] + s[3]));
            }
        }
        outputs.write(
                session.json(),
                List.of(
                        "seed",
                        "autonomy",
                        "crashed",
                        "cause",
                        "peak_used_pct",
                        "avg_used_pct",
                        "peak_psi_some10",
                        "avg_psi_some",
                        "oom_events",
                        "alloc_p50_ns",
                        "alloc_p99_ns",
                        "actions",
                        "digest"),
                rows,
                new HtmlReport.Data(
                        "kos stresstest compare: " + c.stress(),
                        outputs.wantsReport() ? c.runs().get(1).samples() : List.of(),
                        null,
                        "Autonomy off vs on, mean over " + c.seeds().size() + " seeds with 95% intervals",
                        "",
                        "Units per measure as in the table; crashes as the share of runs.",
                        bars,
                        List.of(
                                "Charts: the first seed's run with autonomy on (samples every 100 ms of virtual time)."),
                        null));
    }
}
