package kos.shell.ml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kos.insights.ml.EpochLog;
import kos.insights.ml.EvalReport;
import kos.insights.ml.MlModel;
import kos.insights.ml.MlModels;
import kos.insights.ml.Pipeline;
import kos.insights.ml.TrainConfig;
import kos.ml.registry.ModelRegistry;
import kos.ml.registry.ModelVersion;
import kos.shell.CommandGroup;
import kos.shell.JsonOption;
import kos.shell.ModelsOption;
import kos.shell.Output;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.shell.report.CsvOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ml}: the training pipeline and the model registry. */
@Command(
        name = "ml",
        description = {
            "The training pipeline and the versioned model registry: collect samples from simulator runs,",
            "train a new version, evaluate it against the baselines, list, promote and A/B-compare versions.",
            "See docs/ml-pipeline.md."
        },
        subcommands = {
            MlCommand.Collect.class,
            MlCommand.Train.class,
            MlCommand.Eval.class,
            MlCommand.Models.class,
            MlCommand.Promote.class,
            MlCommand.Ab.class,
            MlImportCommand.class,
            MlDecideCommand.class
        })
public final class MlCommand extends CommandGroup {

    static Pipeline pipeline(ModelsOption models) {
        return new Pipeline(models.get().root());
    }

    @Command(
            name = "collect",
            description = {
                "Run simulations and write a model's samples (features and labels from the",
                "trace) as CSV with the data's SHA-256 in its header line; default MODELS/datasets/MODEL.csv.",
                "Defaults: every scenario of the model, its training seeds."
            })
    static final class Collect extends ShellCommand {
        @Parameters(index = "0", paramLabel = "MODEL", description = "The model (see 'ml models').")
        String model;

        @Mixin
        RunSelection runs = new RunSelection();

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the dataset (atomically).")
        Path out;

        @Mixin
        ModelsOption models = new ModelsOption();

        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            MlModel m = MlModels.get(model);
            Pipeline.Collected c =
                    pipeline(models).collect(m, runs.scenarios, runs.seedList(), out, session::isInterrupted);
            Output.print(
                    session,
                    json.enabled(),
                    c,
                    () -> String.format(
                            Locale.ROOT,
                            "collected %d samples for %s from scenarios %s, seeds %s%nwrote %s%nsha256 %s",
                            c.rows(),
                            c.model(),
                            String.join(",", c.scenarios()),
                            c.seeds(),
                            c.file(),
                            c.sha256()));
        }
    }

    @Command(
            name = "train",
            description = {
                "Train a new version of MODEL on its dataset and save it in the registry",
                "(with its metrics, data hash, parameters and parent). The last 20% of every run's samples are",
                "held out for validation; training stops early when the validation loss stops improving.",
                "Deterministic: the same data and --seed give the same weights."
            })
    static final class Train extends ShellCommand {
        @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
        String model;

        @Option(
                names = "--data",
                paramLabel = "FILE",
                description = "The dataset (default: MODELS/datasets/MODEL.csv).")
        Path data;

        @Option(names = "--epochs", paramLabel = "N", description = "At most N epochs (default: the model's).")
        Integer epochs;

        @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate (default: the model's).")
        Double lr;

        @Option(names = "--hidden", paramLabel = "N", description = "Hidden units; 0 = linear (default: the model's).")
        Integer hidden;

        @Option(
                names = "--patience",
                paramLabel = "N",
                description = "Epochs without improvement before stopping (default: the model's).")
        Integer patience;

        @Option(names = "--batch", paramLabel = "N", description = "Mini-batch size (default: the model's).")
        Integer batch;

        @Option(names = "--seed", paramLabel = "S", description = "Initial weights and shuffling (default: 1).")
        Long seed;

        @Mixin
        ModelsOption models = new ModelsOption();

        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            MlModel m = MlModels.get(model);
            TrainConfig d = m.defaults();
            TrainConfig cfg = new TrainConfig(
                    epochs != null ? epochs : d.epochs(),
                    batch != null ? batch : d.batch(),
                    lr != null ? lr : d.learningRate(),
                    hidden != null ? hidden : d.hidden(),
                    patience != null ? patience : d.patience(),
                    d.validation(),
                    seed != null ? seed : d.seed());
            Pipeline.Trained t = pipeline(models)
                    .train(
                            m,
                            data,
                            cfg,
                            "ml train "
                                    + String.join(
                                            " ",
                                            spec.commandLine().getParseResult().originalArgs()),
                            e -> epochLine(cfg, e),
                            session::isInterrupted);
            ModelVersion v = t.version();
            Output.print(
                    session,
                    json.enabled(),
                    Map.of("version", v, "epochs", t.result().epochs()),
                    () -> String.format(
                            Locale.ROOT,
                            "saved %s v%d (parent %s): best epoch %d of %d%s, val loss %.5f, val accuracy %s, %d parameters, data %s",
                            v.model(),
                            v.version(),
                            v.parent() == 0 ? "none" : "v" + v.parent(),
                            t.result().bestEpoch(),
                            t.result().epochs().size(),
                            t.result().stoppedEarly() ? " (stopped early)" : "",
                            t.result().best().valLoss(),
                            Pipeline.pct(t.result().best().valAccuracy()),
                            (long) (double) v.metrics().get("parameters"),
                            v.dataHash().substring(0, 12)));
        }

        private void epochLine(TrainConfig cfg, EpochLog e) {
            if (!json.enabled()) {
                session.out()
                        .printf(
                                Locale.ROOT,
                                "epoch %3d/%d  train loss %.5f  val loss %.5f  val accuracy %s  (%d ms)%n",
                                e.epoch(),
                                cfg.epochs(),
                                e.trainLoss(),
                                e.valLoss(),
                                Pipeline.pct(e.valAccuracy()),
                                e.wallMs());
                session.out().flush();
            }
        }
    }

    @Command(
            name = "eval",
            description = {
                "Evaluate a version (default: the promoted one, else the latest) against the",
                "model's baselines on held-out seeds, and check the goals."
            })
    static final class Eval extends ShellCommand {
        @Parameters(index = "0", paramLabel = "MODEL", description = "The model.")
        String model;

        @Option(names = "--version", paramLabel = "V", description = "The version (default: promoted, else latest).")
        int version;

        @Mixin
        RunSelection runs = new RunSelection();

        @Mixin
        ModelsOption models = new ModelsOption();

        @Mixin
        JsonOption json = new JsonOption();

        @Mixin
        CsvOption csv = new CsvOption();

        @Override
        public void run() {
            csv.check();
            MlModel m = MlModels.get(model);
            EvalReport r =
                    pipeline(models).evaluate(m, version, runs.scenarios, runs.seedList(), session::isInterrupted);
            csv.write(session.json(), r);
            Output.print(session, json.enabled(), r, () -> render(r));
        }

        static String render(EvalReport r) {
            List<String> head = new ArrayList<>(List.of("scenario", "target", "method"));
            head.addAll(r.columns());
            TextTable t = new TextTable(head.toArray(String[]::new));
            for (EvalReport.Row row : r.rows()) {
                List<Object> cells = new ArrayList<>(List.of(row.scenario(), row.target(), row.method()));
                for (String c : r.columns()) {
                    Double v = row.metrics().get(c);
                    boolean share =
                            c.equals("mape") || c.startsWith("within") || c.endsWith("rate") || c.endsWith("accuracy");
                    cells.add(
                            v == null || v.isNaN()
                                    ? "-"
                                    : share
                                            ? Pipeline.pct(v)
                                            : v == Math.rint(v)
                                                    ? String.format(Locale.ROOT, "%.0f", v)
                                                    : String.format(Locale.ROOT, "%.4g", v));
                }
                t.row(cells.toArray());
            }
            StringBuilder b = new StringBuilder(
                    String.format(Locale.ROOT, "%s v%d on held-out seeds %s%n", r.model(), r.version(), r.seeds()));
            b.append(t);
            for (EvalReport.Goal g : r.goals()) {
                b.append(String.format(
                        Locale.ROOT, "%n%s %s: %s", g.met() ? "[met]    " : "[NOT met]", g.goal(), g.evidence()));
            }
            return b.toString();
        }
    }

    @Command(
            name = "models",
            description = {
                "List the trainable models and every model in the registry with its",
                "versions (metrics, data hash, parent); '*' marks the promoted version."
            })
    static final class Models extends ShellCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "Only this model.")
        String only;

        @Mixin
        ModelsOption models = new ModelsOption();

        @Mixin
        JsonOption json = new JsonOption();

        record VersionView(
                String model,
                int version,
                boolean promoted,
                int parent,
                String created,
                String dataHash,
                Map<String, Double> metrics,
                Map<String, String> params,
                String source) {}

        record View(String registry, List<Map<String, String>> trainable, List<VersionView> versions) {}

        @Override
        public void run() {
            ModelRegistry reg = pipeline(models).registry();
            List<Map<String, String>> trainable = MlModels.all().stream()
                    .map(m -> Map.of("model", m.name(), "description", m.description()))
                    .toList();
            List<VersionView> versions = new ArrayList<>();
            List<String> names = only != null ? List.of(only) : reg.models();
            for (String name : names) {
                int promoted = reg.promoted(name).map(ModelVersion::version).orElse(0);
                List<ModelVersion> vs = reg.versions(name);
                if (only != null && vs.isEmpty()) {
                    throw new kos.sim.KosException(
                            "no model named '" + name + "' in " + reg.root() + " (trained or imported models: "
                                    + (reg.models().isEmpty() ? "none" : String.join(", ", reg.models())) + ")");
                }
                for (ModelVersion v : vs) {
                    versions.add(new VersionView(
                            name,
                            v.version(),
                            v.version() == promoted,
                            v.parent(),
                            v.created(),
                            v.dataHash(),
                            v.metrics(),
                            v.params(),
                            v.source()));
                }
            }
            View view = new View(reg.root().toString(), trainable, versions);
            Output.print(session, json.enabled(), view, () -> {
                TextTable t = new TextTable("model", "version", "parent", "created", "data", "key metrics");
                for (VersionView v : versions) {
                    StringBuilder met = new StringBuilder();
                    for (String k : List.of("val_accuracy", "val_loss", "best_epoch", "epochs_run")) {
                        Double x = v.metrics().get(k);
                        if (x != null) {
                            met.append(k)
                                    .append('=')
                                    .append(
                                            k.endsWith("accuracy")
                                                    ? Pipeline.pct(x)
                                                    : x == Math.rint(x)
                                                            ? String.format(Locale.ROOT, "%.0f", x)
                                                            : String.format(Locale.ROOT, "%.4g", x))
                                    .append(' ');
                        }
                    }
                    t.row(
                            v.model(),
                            (v.promoted() ? "*" : "") + "v" + v.version(),
                            v.parent() == 0 ? "-" : "v" + v.parent(),
                            v.created().length() >= 19
                                    ? v.created().substring(0, 19).replace('T', ' ')
                                    : v.created(),
                            v.dataHash().isEmpty()
                                    ? "-"
                                    : v.dataHash()
                                            .substring(
                                                    0, Math.min(12, v.dataHash().length())),
                            met.toString().trim());
                }
                StringBuilder b = new StringBuilder("trainable: ");
                b.append(String.join(
                                ", ",
                                trainable.stream().map(m -> m.get("model")).toList()))
                        .append('\n');
                b.append("registry: ").append(reg.root()).append('\n');
                b.append(versions.isEmpty() ? "no versions yet (ml train MODEL, or ml import)" : t.toString());
                return b.toString();
            });
        }
    }

    @Command(
            name = "promote",
            description = {
                "Make version V of MODEL the one in use (loaded when the model is asked for without a version;",
                "for crash-predictor and attention, by every new simulation). 'none' withdraws the promotion:",
                "crash-predictor and attention go back to the weights shipped in this build."
            })
    static final class Promote extends ShellCommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Parameters(index = "1", paramLabel = "V|none", description = "The version, e.g. 3 or v3, or none.")
        String version;

        @Mixin
        ModelsOption models = new ModelsOption();

        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            ModelRegistry reg = pipeline(models).registry();
            if (version.equals("none")) {
                boolean was = reg.unpromote(model);
                Output.print(
                        session,
                        json.enabled(),
                        Map.of("model", model, "promoted", "none", "withdrawn", was),
                        () -> was
                                ? "withdrew the promotion of " + model + ": its shipped weights are in use"
                                : model + " had no promoted version: nothing changed");
                return;
            }
            ModelRegistry.Promotion p = reg.promote(model, parseVersion(version));
            Output.print(session, json.enabled(), p, () -> "promoted " + p.model() + " v" + p.version());
        }
    }

    @Command(
            name = "ab",
            description = {
                "Compare two versions of MODEL on the same held-out runs (paired seeds): each",
                "version's score per run, the mean difference (V2 - V1) and its 95% confidence interval (Student t)."
            })
    static final class Ab extends ShellCommand {
        @Parameters(index = "0", paramLabel = "MODEL")
        String model;

        @Parameters(index = "1", paramLabel = "V1")
        String v1;

        @Parameters(index = "2", paramLabel = "V2")
        String v2;

        @Mixin
        RunSelection runs = new RunSelection();

        @Mixin
        ModelsOption models = new ModelsOption();

        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            MlModel m = MlModels.get(model);
            Pipeline.AbResult r = pipeline(models)
                    .ab(m, parseVersion(v1), parseVersion(v2), runs.scenarios, runs.seedList(), session::isInterrupted);
            Output.print(
                    session,
                    json.enabled(),
                    r,
                    () -> String.format(
                            Locale.ROOT,
                            "%s v%d vs v%d on %d paired runs (scenarios %s, seeds %s)%nscore: %s%nv%d %s   v%d %s   difference %+.2f points,"
                                    + " 95%% CI [%+.2f, %+.2f]: %s",
                            r.model(),
                            r.versionA(),
                            r.versionB(),
                            r.a().length,
                            String.join(",", r.scenarios()),
                            r.seeds(),
                            r.score(),
                            r.versionA(),
                            Pipeline.pct(r.meanA()),
                            r.versionB(),
                            Pipeline.pct(r.meanB()),
                            100 * r.meanDiff(),
                            100 * r.ciLow(),
                            100 * r.ciHigh(),
                            r.verdict()));
        }
    }

    static int parseVersion(String s) {
        String t = s.startsWith("v") ? s.substring(1) : s;
        try {
            int v = Integer.parseInt(t);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message
        }
        throw new kos.sim.KosException("'" + s + "' is not a version: expected a number such as 3 or v3");
    }
}
