package kos.shell.crashctl;

import kos.shell.app.ScenarioRun;
import kos.insights.crash.CrashFeatures;
import kos.insights.crash.CrashMonitor;
import kos.insights.crash.KosPredictor;
import kos.insights.crash.LogisticFit;
import kos.insights.crash.LogisticModel;
import kos.insights.crash.Prediction;
import kos.insights.eval.EvalRun;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.sim.AtomicFiles;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * {@code crashctl fit}: fits kos's predictor on training runs. Every scenario runs on the training
 * seeds with actions off; each sample's features are labelled 1 for a cause's model when the run
 * crashed of that cause within the horizon (20 s) after the sample, else 0; one logistic model per
 * cause is fitted. The training seeds (default 1000..1009) are disjoint from the evaluation seeds
 * (default 1..20), so {@code crashctl eval} measures the fitted model on runs it has never seen.
 */
@Command(name = "fit",
        description = {"Fit kos's crash predictor on training runs (seeds disjoint from eval's) and write the model JSON",
                "that ships in ai-insights. Reproducible: the same scenarios and seeds give the same weights."})
public final class CrashFitCommand extends ShellCommand {
    private static final long HORIZON_NS = kos.insights.crash.CrashMonitor.Config.DEFAULT.horizonNs();

    @Option(names = "--scenarios", paramLabel = "DIR|FILE", split = ",", description = "Scenario scripts (default: examples/scenarios).")
    List<Path> scenarios = new ArrayList<>();
    @Option(names = "--seeds", paramLabel = "N", defaultValue = "10", description = "Training seeds per scenario (default ${DEFAULT-VALUE}).")
    int seeds;
    @Option(names = "--seed-base", paramLabel = "S", defaultValue = "1000", description = "First training seed (default ${DEFAULT-VALUE}).")
    long seedBase;
    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the model (default: the shipped resource under kos.home).")
    Path out;
    @Option(names = "--samples", paramLabel = "FILE", description = {"Also write the labelled training samples as CSV: scenario, seed,",
            "time_s, crash_in_s (empty when the run did not crash), cause, then one column per feature."})
    Path samplesCsv;

    record Sample(long timeNs, double[] x) {
    }

    record Recording(EvalRun run, List<Sample> samples) {
    }

    @Override
    public void run() {
        List<Path> files = CrashEvalCommand.scenarioFiles(scenarios);
        int total = files.size() * seeds;
        List<Recording> recs = IntStream.range(0, total).parallel().mapToObj(i -> {
            if (session.isInterrupted()) {
                return null;
            }
            Path sc = files.get(i / seeds);
            long seed = seedBase + i % seeds;
            List<Sample> samples = new ArrayList<>();
            EvalRun r = ScenarioRun.run(sc, seed, "kos", false, CrashMonitor.Config.DEFAULT.threshold(), m -> m.onPrediction(p -> samples.add(sample(p))));
            return new Recording(r, samples);
        }).toList();
        session.checkInterrupted();
        List<double[]> xs = new ArrayList<>();
        List<int[]> ys = new ArrayList<>();
        for (Recording rec : recs) {
            for (Sample s : rec.samples()) {
                boolean soon = rec.run().crashed() && s.timeNs() <= rec.run().crashNs() && rec.run().crashNs() - s.timeNs() <= HORIZON_NS;
                int lom = soon && "oom-lack-of-memory".equals(rec.run().crashCause()) ? 1 : 0;
                int frag = soon && "oom-fragmentation".equals(rec.run().crashCause()) ? 1 : 0;
                xs.add(s.x());
                ys.add(new int[]{lom, frag});
            }
        }
        if (xs.isEmpty()) {
            throw new KosException("no samples recorded: do the scenarios create memory and run the simulation?");
        }
        if (samplesCsv != null) {
            writeSamples(recs, samplesCsv);
        }
        double[][] x = xs.toArray(double[][]::new);
        LogisticModel lom = fit(x, ys, 0);
        LogisticModel frag = fit(x, ys, 1);
        KosPredictor.Models models = new KosPredictor.Models(lom, frag, KosPredictor.Models.defaults().pageCachePressure());
        Path target = out != null ? out : Path.of(System.getProperty("kos.home", "."),
                "ai-insights", "src", "main", "resources", "kos", "insights", "crash", "kos-predictor-model.json");
        try {
            AtomicFiles.write(target, session.json().writeValueAsBytes(models));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new KosException("cannot serialise the model: " + e.getOriginalMessage());
        }
        long pos0 = ys.stream().filter(y -> y[0] == 1).count(), pos1 = ys.stream().filter(y -> y[1] == 1).count();
        session.out().printf(Locale.ROOT, "fitted on %d runs (%d scenarios x seeds %d..%d), %d samples: %d lack-of-memory and %d fragmentation positives%n",
                recs.size(), files.size(), seedBase, seedBase + seeds - 1, x.length, pos0, pos1);
        session.out().println("model written to " + target + " (rebuild to ship it: the next ./kos run does)");
    }

    private static void writeSamples(List<Recording> recs, Path file) {
        StringBuilder b = new StringBuilder("scenario,seed,time_s,crash_in_s,cause,").append(String.join(",", CrashFeatures.NAMES)).append('\n');
        for (Recording rec : recs) {
            EvalRun r = rec.run();
            for (Sample s : rec.samples()) {
                b.append(r.scenario()).append(',').append(r.seed()).append(',').append(String.format(Locale.ROOT, "%.1f", s.timeNs() / 1e9)).append(',');
                if (r.crashed()) {
                    b.append(String.format(Locale.ROOT, "%.1f", (r.crashNs() - s.timeNs()) / 1e9));
                }
                b.append(',').append(r.crashed() ? r.crashCause() : "").append(',');
                for (int i = 0; i < s.x().length; i++) {
                    b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4g", s.x()[i]));
                }
                b.append('\n');
            }
        }
        AtomicFiles.write(file, b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Sample sample(Prediction p) {
        double[] x = new double[CrashFeatures.NAMES.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = p.factor(CrashFeatures.NAMES.get(i));
        }
        return new Sample(p.timeNs(), x);
    }

    private static LogisticModel fit(double[][] x, List<int[]> ys, int which) {
        int[] y = ys.stream().mapToInt(a -> a[which]).toArray();
        long pos = IntStream.of(y).filter(v -> v == 1).count();
        // Weight positives so both classes count equally in the loss, then the probabilities are
        // rescaled back by the prior: logit shift of log(pos / neg).
        double w = pos == 0 ? 1 : (y.length - pos) / (double) pos;
        LogisticModel m = LogisticFit.fit(CrashFeatures.NAMES, x, y, w, 1e-4, 1500, 0.05);
        double shift = pos == 0 ? 0 : Math.log(pos / (double) (y.length - pos));
        return new LogisticModel(m.features(), m.weights(), m.bias() + shift);
    }
}
