package kos.shell.loractl;

import kos.shell.CommandGroup;
import kos.lora.layer.LoraLinear;
import kos.lora.peft.AdapterConfig;
import kos.lora.peft.ModelsDir;
import kos.lora.peft.PeftAdapter;
import kos.lora.train.AdapterTraining;
import kos.lora.train.Dataset;
import kos.lora.train.DatasetFiles;
import kos.lora.train.Evaluation;
import kos.lora.train.Loss;
import kos.lora.train.OptimizerKind;
import kos.lora.train.TrainingConfig;
import kos.lora.train.TrainingResult;
import kos.nn.Linear;
import kos.nn.NamedLayers;
import kos.nn.Safetensors;
import kos.nn.SafetensorsFile;
import kos.nn.Tensor;
import kos.shell.JsonOption;
import kos.shell.ModelsOption;
import kos.shell.Output;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.SafeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** {@code loractl}: LoRA adapters in PEFT's format: list, inspect, train, merge, delete, apply. */
@Command(name = "loractl",
        description = {"LoRA adapters (HuggingFace PEFT format) under the models directory",
                "(-Dkos.models=DIR or --models DIR; default ~/.kos/models)."},
        subcommands = {LoractlCommand.ListCmd.class, LoractlCommand.Info.class, LoractlCommand.Train.class,
                LoractlCommand.Merge.class, LoractlCommand.Delete.class, LoractlCommand.Forward.class})
public final class LoractlCommand extends CommandGroup {

    /** One module of an adapter, for list and info. */
    record ModuleView(String module, List<Integer> loraA, List<Integer> loraB, int rank, String dtype,
            long parameters) {
    }

    /** What info reports. */
    record InfoView(String name, String path, int r, double loraAlpha, double scaling, boolean useRslora,
            double loraDropout,
                    List<String> targetModules, long parameters, long sizeOnDisk, String size, List<ModuleView> modules,
                    SortedMap<String, String> metadata) {
        static InfoView of(String name, Path dir, PeftAdapter a, long size) {
            List<ModuleView> ms = new ArrayList<>();
            a.modules().forEach((m, w) -> ms.add(new ModuleView(m, List.of(w.r(), w.in()), List.of(w.out(), w.r()),
                    w.r(),
                    w.dtype().name(), w.parameterCount())));
            AdapterConfig c = a.config();
            return new InfoView(name, dir.toString(), c.r(), c.loraAlpha(), c.scaling(), c.useRslora(), c.loraDropout(),
                    c.targetModules(), a.parameterCount(), size, Quantities.formatBytes(size), ms, a.metadata());
        }
    }

    @Command(name = "list", description = "List the adapters in the models directory.")
    static final class ListCmd extends ShellCommand {
        @Mixin
        ModelsOption models = new ModelsOption();
        @Mixin
        JsonOption json = new JsonOption();

        record Row(String name, List<String> modules, int r, double loraAlpha, long parameters, long sizeOnDisk,
                String error) {
        }

        @Override
        public void run() {
            ModelsDir m = models.get();
            List<Row> rows = new ArrayList<>();
            for (String name : m.list()) {
                ModelsDir.Status st = m.status(name);
                PeftAdapter a = st.adapter();
                rows.add(a == null ? new Row(name, List.of(), 0, 0, 0, st.sizeOnDisk(), st.problem())
                        : new Row(name, List.copyOf(a.modules().keySet()), a.config().r(), a.config().loraAlpha(),
                        a.parameterCount(), st.sizeOnDisk(), null));
            }
            Output.print(session, json.enabled(), rows, () -> {
                if (rows.isEmpty()) {
                    return "(no adapters in " + m.root() + ")";
                }
                TextTable t = new TextTable("name", "modules", "r", "alpha", "params", "size");
                for (Row r : rows) {
                    if (r.error() != null) {
                        t.row(r.name(), "broken: "
                                + SafeText.quote(r.error(), 120), "-", "-", "-",
                                Quantities.formatBytes(r.sizeOnDisk()));
                    } else {
                        t.row(r.name(), String.join(",", r.modules()), r.r(), num(r.loraAlpha()), r.parameters(),
                                Quantities.formatBytes(r.sizeOnDisk()));
                    }
                }
                return "adapters in " + m.root() + "\n" + t;
            });
        }
    }

    @Command(name = "info",
            description = "Show an adapter: shapes, rank, alpha, scaling, parameter count, size on disk, metadata.")
    static final class Info extends ShellCommand {
        @Parameters(paramLabel = "NAME|DIR",
                description = "An adapter name in the models directory, or an adapter directory.")
        String name;
        @Mixin
        ModelsOption models = new ModelsOption();
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            InfoView v;
            try (LoraFiles.Opened o = LoraFiles.open(name, models.get())) {
                v = InfoView.of(name, o.dir(), o.adapter(), ModelsDir.sizeOnDisk(o.handle()));
            }
            Output.print(session, json.enabled(), v, () -> {
                TextTable t = new TextTable("module", "lora_A", "lora_B", "dtype", "params");
                v.modules().forEach(m -> t.row(SafeText.quote(m.module(), 80), m.loraA(), m.loraB(), m.dtype(),
                        m.parameters()));
                StringBuilder sb = new StringBuilder();
                sb.append("adapter ").append(SafeText.quote(v.name())).append(" (").append(SafeText.quote(v.path())).append(")\n");
                sb.append(String.format(Locale.ROOT,
                        "r %d, lora_alpha %s, scaling %s%s, dropout %s, %d parameters, %s on disk%n",
                        v.r(), num(v.loraAlpha()), num(v.scaling()), v.useRslora() ? " (rsLoRA)"
                                : "", num(v.loraDropout()),
                        v.parameters(), v.size()));
                sb.append(t);
                if (!v.metadata().isEmpty()) {
                    sb.append("metadata\n");
                    v.metadata().forEach((k, val) -> sb.append("  ").append(SafeText.quote(k, 80)).append(" = ")
                            .append(SafeText.quote(val)).append('\n'));
                }
                return sb.toString();
            });
        }
    }

    @Command(name = "train",
            description = {"Train a LoRA adapter on a JSON-lines dataset and save it under the models directory.",
                    "Each line: {\"input\": [numbers], \"target\": [numbers] or a number}. Without --base a base layer of",
                    "the dataset's dimensions is created from the seed and saved with the adapter as",
                    "base_model.safetensors. Progress goes to stderr; Ctrl-C cancels (nothing is saved)."})
    static final class Train extends ShellCommand {
        @Option(names = "--data", required = true, paramLabel = "FILE", description = "The dataset (JSON lines).")
        Path data;
        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "The adapter's name in the models directory.")
        String name;
        @Option(names = "--base", paramLabel = "FILE",
                description = "Base weights (safetensors: <module>.weight, or a single tensor).")
        Path base;
        @Option(names = "--module", defaultValue = "fc", paramLabel = "NAME",
                description = "The module name (default: ${DEFAULT-VALUE}).")
        String module;
        @Option(names = "--rank", defaultValue = "8", description = "LoRA rank r (default: ${DEFAULT-VALUE}).")
        int rank;
        @Option(names = "--alpha", defaultValue = "8",
                description = "lora_alpha (default: ${DEFAULT-VALUE}); scaling = alpha / r.")
        float alpha;
        @Option(names = "--rslora", description = "Scale by alpha / sqrt(r) (rank-stabilised LoRA).")
        boolean rslora;
        @Option(names = "--dropout", defaultValue = "0",
                description = "lora_dropout in [0, 1) (default: ${DEFAULT-VALUE}).")
        float dropout;
        @Option(names = "--epochs", defaultValue = "20", description = "Epochs (default: ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--batch", defaultValue = "8", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--lr", description = "Learning rate (default: 0.001 for sgd, 0.01 for adam).")
        Float lr;
        @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adam (default: ${DEFAULT-VALUE}).")
        String optimizer;
        @Option(names = "--loss", defaultValue = "mse",
                description = "mse or cross-entropy (default: ${DEFAULT-VALUE}).")
        String loss;
        @Option(names = "--validation", defaultValue = "0.2",
                description = "Share held out for validation (default: ${DEFAULT-VALUE}).")
        double validation;
        @Option(names = "--patience", defaultValue = "5",
                description = "Stop after this many epochs without improvement; 0 never (default: ${DEFAULT-VALUE}).")
        int patience;
        @Option(names = "--seed",
                description = "Seed of the base, the adapter, the split and the shuffles (default: the session seed).")
        Long seed;
        @Option(names = "--force", description = "Replace an existing adapter of the same name.")
        boolean force;
        @Mixin
        ModelsOption models = new ModelsOption();
        @Mixin
        JsonOption json = new JsonOption();

        record Report(String name, String path, String state, String message, int epochs, int bestEpoch,
                boolean stoppedEarly,
                      int trainExamples, int validationExamples, Evaluation before, Evaluation after, long parameters,
                      long sizeOnDisk) {
        }

        @Override
        public void run() {
            long s = seed != null ? seed : session.seed();
            OptimizerKind opt = OptimizerKind.parse(optimizer);
            float rate = lr != null ? lr : (opt == OptimizerKind.ADAM ? 0.01f : 0.001f);
            TrainingConfig cfg = new TrainingConfig(epochs, batch, rate, opt, Loss.parse(loss), validation, patience, 0, s);
            Dataset ds = DatasetFiles.load(data);
            session.checkInterrupted();
            Linear baseLayer = base == null ? null : LoraFiles.loadBase(base, module, false);
            AdapterTraining.Outcome o = AdapterTraining.train(models.get(), new AdapterTraining.Request(name, ds,
                    data.getFileName().toString(), baseLayer, base == null ? null : base.toAbsolutePath().toString(),
                    module, rank, alpha, dropout, rslora, cfg, force), e -> {
                        session.err().println(e.line());
                        session.err().flush();
                    }, session::isInterrupted);
            session.err().println("trained in " + o.wallMs() + " ms");
            TrainingResult r = o.result();
            Report rep = new Report(name, o.dir().toString(), r.state().label(), r.message(), r.epochsRun(), r.bestEpoch(),
                    r.stoppedEarly(), r.trainExamples(), r.validationExamples(), r.before(), r.after(), r.parameters(),
                    ModelsDir.sizeOnDisk(o.dir()));
            Output.print(session, json.enabled(), rep, () -> render(rep));
        }

        private static String render(Report r) {
            boolean validated = r.validationExamples() > 0;
            return String.format(Locale.ROOT, "adapter %s saved to %s%n%s%nloss %.6f -> %.6f, accuracy %.1f%% -> %.1f%%"
                            + " on %d %s example(s); %d parameters, %s on disk", r.name(), r.path(), r.message(),
                    r.before().loss(), r.after().loss(), 100 * r.before().accuracy(), 100 * r.after().accuracy(),
                    validated ? r.validationExamples() : r.trainExamples(), validated ? "validation" : "training",
                    r.parameters(), Quantities.formatBytes(r.sizeOnDisk()));
        }
    }

    /** The base weights train saves next to an adapter when it created them. */
    static final String BASE_FILE = PeftAdapter.BASE_FILE;

    @Command(name = "merge",
            description = {"Merge an adapter into base weights and write them to a new safetensors file.",
                    "W += scaling * B A for each module of the adapter; other tensors of the base are copied.",
                    "Refuses to produce NaN or Inf."})
    static final class Merge extends ShellCommand {
        @Parameters(paramLabel = "NAME|DIR", description = "The adapter.")
        String name;
        @Option(names = "--base", paramLabel = "FILE",
                description = "Base weights (default: the adapter's own base_model.safetensors).")
        Path base;
        @Option(names = "--out", required = true, paramLabel = "FILE",
                description = "Where to write the merged weights.")
        Path out;
        @Mixin
        ModelsOption models = new ModelsOption();
        @Mixin
        JsonOption json = new JsonOption();

        record Report(String adapter, String base, String out, List<String> modules) {
        }

        @Override
        public void run() {
            Path dir;
            PeftAdapter a;
            SafetensorsFile f;
            String baseName;
            try (LoraFiles.Opened o = LoraFiles.open(name, models.get())) {
                dir = o.dir();
                a = o.adapter();
                f = base != null ? Safetensors.read(base) : o.ownBase(name);
                baseName = base != null ? base.toString() : dir.resolve(BASE_FILE).toString();
            }
            if (a.config().fanInFanOut()) {
                throw new KosException("merging fan_in_fan_out adapters (Conv1D layouts) is not supported");
            }
            TreeMap<String, Tensor> tensors = new TreeMap<>(f.tensors());
            for (String module : a.modules().keySet()) {
                Linear l = LoraFiles.loadBase(f, SafeText.quote(baseName), module, false);
                NamedLayers model = new NamedLayers();
                model.add(l);
                a.attach(model, "default", 0);
                ((LoraLinear) model.get(module)).merge("default");
                String key = f.tensors().containsKey(module + ".weight") ? module + ".weight" : f.tensors().firstKey();
                tensors.put(key, Tensor.f32(l.weight(), l.outFeatures(), l.inFeatures()));
            }
            for (Map.Entry<String, Tensor> t
                    : tensors.entrySet()) { // the help promises no NaN or Inf, copied tensors included
                LoraFiles.finite(t.getValue().data(), "the merged tensor '" + SafeText.quote(t.getKey()) + "'");
            }
            TreeMap<String, String> meta = new TreeMap<>(f.metadata());
            meta.put("kos.merged_adapter", dir.toAbsolutePath().toString());
            Safetensors.write(out, tensors, meta);
            Report r = new Report(dir.toString(), baseName, out.toString(), List.copyOf(a.modules().keySet()));
            Output.print(session, json.enabled(), r, () -> "merged " + String.join(", ", r.modules()) + " of "
                    + r.adapter()
                    + " into " + r.base() + " -> " + r.out());
        }
    }

    @Command(name = "delete", description = "Delete an adapter from the models directory.")
    static final class Delete extends ShellCommand {
        @Parameters(paramLabel = "NAME", description = "The adapter's name.")
        String name;
        @Mixin
        ModelsOption models = new ModelsOption();

        @Override
        public void run() {
            ModelsDir m = models.get();
            m.delete(name);
            session.out().println("adapter " + name + " deleted from " + m.root());
        }
    }

    @Command(name = "forward",
            description = {"Apply a module's layer with an adapter to an input vector and print the output.",
                    "y = W x + b + scaling * B (A x). The base weight is the safetensors tensor <module>.weight",
                    "(as Hugging Face checkpoints name it) or the file's only tensor; the input is a JSON array."})
    static final class Forward extends ShellCommand {
        @Option(names = "--base", paramLabel = "FILE",
                description = "Base weights (safetensors; default: the adapter's own base_model.safetensors).")
        Path base;
        @Option(names = "--adapter", required = true, paramLabel = "DIR",
                description = "An adapter directory (or a name in the models directory).")
        String adapter;
        @Option(names = "--input", required = true, paramLabel = "FILE",
                description = "The input vector: a JSON array of numbers.")
        Path input;
        @Option(names = "--module", paramLabel = "NAME",
                description = "The module (default: the adapter's only module).")
        String module;
        @Mixin
        ModelsOption models = new ModelsOption();
        @Mixin
        JsonOption json = new JsonOption();

        record Report(String module, int in, int out, float[] output) {
        }

        @Override
        public void run() {
            PeftAdapter a;
            String mod = module;
            Linear l;
            try (LoraFiles.Opened o = LoraFiles.open(adapter, models.get())) {
                a = o.adapter();
                if (mod == null) {
                    if (a.modules().size() != 1) {
                        throw new KosException("the adapter has modules " + SafeText.names(a.modules().keySet())
                                + "; choose one with --module");
                    }
                    mod = a.modules().firstKey();
                }
                a.module(mod);
                l = base != null ? LoraFiles.loadBase(base, mod, a.config().fanInFanOut())
                        : LoraFiles.loadBase(o.ownBase(adapter),
                        SafeText.quote(o.dir().resolve(BASE_FILE).toString()), mod,
                        a.config().fanInFanOut());
            }
            float[] x = LoraFiles.readVector(input, session.json());
            if (x.length != l.inFeatures()) {
                throw new KosException("the input has " + x.length + " values but " + mod + " takes " + l.inFeatures());
            }
            NamedLayers model = new NamedLayers();
            model.add(l);
            a.attach(model, "default", 0);
            float[] y = new float[l.outFeatures()];
            model.get(mod).forward(x, 0, y, 0);
            LoraFiles.finite(y, "the output (the weights overflow float range for this input)");
            Report r = new Report(mod, l.inFeatures(), l.outFeatures(), y);
            Output.print(session, json.enabled(), r, () -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < y.length; i++) {
                    sb.append(i == 0 ? "" : " ").append(y[i]);
                }
                return sb.toString();
            });
        }
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.4g", v);
    }
}
