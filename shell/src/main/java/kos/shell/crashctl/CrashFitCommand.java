package kos.shell.crashctl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import kos.insights.crash.CrashFeatures;
import kos.insights.crash.CrashModelStore;
import kos.insights.crash.CrashMonitor;
import kos.insights.eval.EvalRun;
import kos.insights.eval.PredictorFit;
import kos.insights.eval.PredictorFit.Recording;
import kos.insights.eval.PredictorFit.Sample;
import kos.insights.eval.Scenario;
import kos.ml.registry.ModelRegistry;
import kos.ml.registry.ModelVersion;
import kos.shell.ModelsOption;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.shell.app.ModelVersions;
import kos.shell.app.ScenarioRun;
import kos.shell.app.SeedRange;
import kos.sim.AtomicFiles;
import kos.sim.KosException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code crashctl fit}: fits kos's predictor on training runs. Every scenario runs on the training
 * seeds with actions off; each sample's features are labelled 1 for a cause's model when the run
 * crashed of that cause within the horizon (20 s) after the sample, else 0; one logistic model per
 * cause is fitted. The training seeds (default 1000..1003) are disjoint from the evaluation seeds
 * (default 1..20), so {@code crashctl eval} measures the fitted model on runs it has never seen.
 */
@Command(
        name = "fit",
        description = {
            "Fit kos's crash predictor on training runs (seeds disjoint from eval's) and save it as a new version",
            "of crash-predictor in the model registry ('ml promote crash-predictor V' puts it in use), or with",
            "--out write the model JSON to a file (the shipped one is",
            "ai-insights/src/main/resources/kos/insights/crash/kos-predictor-model.json).",
            "Reproducible: the same scenarios and seeds give the same weights."
        })
public final class CrashFitCommand extends ShellCommand {
    private static final long HORIZON_NS = kos.insights.crash.CrashMonitor.Config.DEFAULT.horizonNs();

    @Option(
            names = "--scenarios",
            paramLabel = "DIR|FILE",
            split = ",",
            description = "Scenario scripts (default: examples/scenarios).")
    List<Path> scenarios = new ArrayList<>();

    /** Training seeds: disjoint from crashctl eval's default 1..20. */
    @Mixin
    SeedRange seeds = new SeedRange(4, 1000);

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write the model JSON to FILE instead of saving a registry version.")
    Path out;

    @Mixin
    ModelsOption models = new ModelsOption();

    @Option(
            names = "--samples",
            paramLabel = "FILE",
            description = {
                "Also write the labelled training samples as CSV: scenario, seed,",
                "time_s, crash_in_s (empty when the run did not crash), cause, then one column per feature."
            })
    Path samplesCsv;

    @Override
    public void run() {
        List<Scenario> files = CrashEvalCommand.scenarioFiles(scenarios);
        List<Recording> recs = record(session, files, seeds.first(), seeds.count());
        PredictorFit.Result fit = PredictorFit.fit(recs, HORIZON_NS, r -> true);
        byte[] samples = samplesCsv(recs);
        if (samplesCsv != null) {
            AtomicFiles.write(samplesCsv, samples);
        }
        byte[] bytes = toJson(fit);
        String saved = out != null ? writeFile(bytes) : saveVersion(bytes, samples, fit, files.size());
        session.out()
                .printf(
                        Locale.ROOT,
                        "fitted on %d runs (%d scenarios x seeds %d..%d), %d samples: %d lack-of-memory and %d fragmentation positives%n",
                        fit.runs(),
                        files.size(),
                        seeds.first(),
                        seeds.last(),
                        fit.samples(),
                        fit.lackOfMemoryPositives(),
                        fit.fragmentationPositives());
        session.out().println(saved);
    }

    private byte[] toJson(PredictorFit.Result fit) {
        try {
            return session.json().writeValueAsBytes(fit.models());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new KosException("cannot serialise the model: " + e.getOriginalMessage());
        }
    }

    private String writeFile(byte[] bytes) {
        AtomicFiles.write(out, bytes);
        return "model written to " + out + " (if that is the shipped resource, the next ./kos run rebuilds with it)";
    }

    private String saveVersion(byte[] bytes, byte[] samples, PredictorFit.Result fit, int scenarioCount) {
        ModelVersion v = ModelVersions.save(
                new ModelRegistry(models.get().root()),
                CrashModelStore.MODEL,
                CrashModelStore.FILE,
                bytes,
                "crashctl fit --seeds " + seeds,
                ModelRegistry.sha256(samples),
                Map.of(
                        "scenarios", Integer.toString(scenarioCount),
                        "seeds", seeds.toString(),
                        "horizon_s", Long.toString(HORIZON_NS / 1_000_000_000L)),
                Map.of(
                        "runs", (double) fit.runs(),
                        "samples", (double) fit.samples(),
                        "lack_of_memory_positives", (double) fit.lackOfMemoryPositives(),
                        "fragmentation_positives", (double) fit.fragmentationPositives()));
        return "saved crash-predictor v" + v.version() + " (parent " + (v.parent() == 0 ? "none" : "v" + v.parent())
                + "); 'ml promote crash-predictor " + v.version() + "' puts it in use";
    }

    /** Runs every scenario on the seeds with actions off, recording every prediction's features (in parallel). */
    static List<Recording> record(Session session, List<Scenario> files, long seedBase, int seeds) {
        int total = files.size() * seeds;
        List<Recording> recs = IntStream.range(0, total)
                .parallel()
                .mapToObj(i -> {
                    if (session.isInterrupted()) {
                        return null;
                    }
                    Scenario sc = files.get(i / seeds);
                    long seed = seedBase + i % seeds;
                    List<Sample> samples = new ArrayList<>();
                    EvalRun r;
                    try {
                        r = ScenarioRun.run(
                                sc,
                                ScenarioRun.Setup.of(seed, "kos", false, CrashMonitor.Config.DEFAULT.threshold()),
                                (s, m) -> m.onPrediction(p -> samples.add(Sample.of(p))));
                    } catch (RuntimeException e) {
                        r = EvalRun.failed(sc.name(), sc.family(), seed, "kos", false, e.getMessage());
                    }
                    return new Recording(r, samples);
                })
                .toList();
        session.checkInterrupted();
        return recs;
    }

    /** The labelled samples as CSV (written with --samples; its SHA-256 is the version's data hash). */
    private static byte[] samplesCsv(List<Recording> recs) {
        StringBuilder b = new StringBuilder("scenario,seed,time_s,crash_in_s,cause,")
                .append(String.join(",", CrashFeatures.NAMES))
                .append('\n');
        for (Recording rec : recs) {
            EvalRun r = rec.run();
            for (Sample s : rec.samples()) {
                b.append(r.scenario())
                        .append(',')
                        .append(r.seed())
                        .append(',')
                        .append(String.format(Locale.ROOT, "%.1f", s.timeNs() / 1e9))
                        .append(',');
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
        return b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
