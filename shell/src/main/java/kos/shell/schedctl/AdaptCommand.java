package kos.shell.schedctl;

import kos.shell.app.AttentionWiring;
import kos.attn.AttentionModel;
import kos.attn.AttentionPolicy;
import kos.attn.DefaultWeights;
import kos.attn.Example;
import kos.attn.FineTune;
import kos.lora.layer.LoraConfig;
import kos.lora.layer.LoraLinear;
import kos.lora.peft.AdapterConfig;
import kos.lora.peft.ModelsDir;
import kos.lora.peft.PeftAdapter;
import kos.nn.Linear;
import kos.nn.LinearLayer;
import kos.shell.JsonOption;
import kos.shell.ModelsOption;
import kos.shell.Output;
import kos.shell.Session;
import kos.shell.ShellCommand;
import kos.shell.TextTable;
import kos.sim.KosException;
import kos.sim.SeedStream;
import kos.sim.Quantities;
import kos.simd.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code schedctl transformer adapt} and {@code schedctl transformer adapter use|none}: per-workload
 * LoRA adapters on the attention scheduler's projections. The shell is where the two modules meet:
 * sched-transformer trains whatever parameters its model has, llm-lora wraps layers by name.
 */
final class AdaptCommand {
    /** The projections adapters go on, by their PEFT module names. */
    static final List<String> TARGETS = List.of("q_proj", "k_proj", "v_proj", "o_proj");

    /** Held-out decisions come from the next seed of a stride-10,000 family (docs/architecture.md, seed table). */
    static final SeedStream HELD_OUT = SeedStream.stride("attn.adapt.heldout", 10_000);
    /** Dropout of the wrapped projections: the adapt seed as given. */
    static final SeedStream DROPOUT = SeedStream.given("lora.dropout");

    private AdaptCommand() {
    }

    /** What {@code adapt} reports. */
    public record Report(String name, String workload, int trainExamples, int heldOutExamples, int rank, double accuracyBefore,
                         double accuracyAfter, long trainableParameters, long trainWallNs, long totalWallNs, long sizeOnDisk,
                         String directory) {
    }

    @Command(name = "adapt",
            description = {"Fine-tune a LoRA adapter for one workload: collect decisions of the shipped base model on that",
                    "workload, train adapters on q_proj/k_proj/v_proj/o_proj with the base frozen, and report the accuracy",
                    "(predicted burst within 25% of the observed one) on held-out decisions before and after.",
                    "The adapter is saved in PEFT format under the models directory as NAME (default: the workload)."})
    static final class Adapt extends ShellCommand {
        @Option(names = "--workload", required = true, paramLabel = "MIX", description = "A task mix: interactive, batch, io-bound, mixed, heavy-tail, realtime.")
        String workload;
        @Option(names = "--examples", defaultValue = "100", paramLabel = "N", description = "Training decisions (default ${DEFAULT-VALUE}); as many again are held out.")
        int examples;
        @Option(names = "--rank", defaultValue = "4", paramLabel = "R", description = "LoRA rank (default ${DEFAULT-VALUE}); alpha = 2 R.")
        int rank;
        @Option(names = "--epochs", defaultValue = "40", paramLabel = "N", description = "Passes over the training decisions (default ${DEFAULT-VALUE}).")
        int epochs;
        @Option(names = "--lr", defaultValue = "0.01", paramLabel = "LR", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
        float lr;
        @Option(names = "--name", paramLabel = "NAME", description = "Adapter name (default: the workload).")
        String name;
        @Option(names = "--force", description = "Replace an existing adapter of the same name.")
        boolean force;
        @Mixin
        ModelsOption models = new ModelsOption();
        @Mixin
        JsonOption json = new JsonOption();

        @Override
        public void run() {
            if (examples < 10 || examples > 100_000) {
                throw new KosException("--examples must be 10..100000, got " + examples);
            }
            if (rank < 1 || rank > 16) {
                throw new KosException("--rank must be 1..16, got " + rank);
            }
            String adapterName = ModelsDir.checkName(name != null ? name : workload);
            ModelsDir dir = models.get();
            if (dir.exists(adapterName) && !force) {
                throw new KosException("an adapter named '" + adapterName + "' exists in " + dir.root() + "; use --force to replace it");
            }
            long t0 = System.nanoTime();
            AttentionModel model = DefaultWeights.create(Kernels.get(), "default", 1);
            long seed = session.seed();
            List<Example> train = FineTune.collect(Kernels.get(), model, workload, 1, 0.9, 200, seed, examples);
            List<Example> heldOut = FineTune.collect(Kernels.get(), model, workload, 1, 0.9, 200, HELD_OUT.seed(seed, 1), examples);
            if (train.size() < examples || heldOut.isEmpty()) {
                throw new KosException("workload " + workload + " gave only " + train.size() + " decisions; try fewer --examples");
            }
            double before = FineTune.accuracy(model, heldOut);
            LoraConfig config = new LoraConfig(rank, 2f * rank, 0f, false, TARGETS);
            for (String module : model.layers().names()) {
                ((Linear) model.layers().get(module)).frozen(true);
            }
            for (String module : TARGETS) {
                model.layers().replace(module, l -> {
                    LoraLinear lora = new LoraLinear((Linear) l, DROPOUT.seed(seed));
                    lora.addAdapter(adapterName, config, SeedStream.named(module).random(seed));
                    return lora;
                });
            }
            long t1 = System.nanoTime();
            FineTune.train(model, train, epochs, lr, 10, seed);
            long trainWall = System.nanoTime() - t1;
            double after = FineTune.accuracy(model, heldOut);
            long wall = System.nanoTime() - t0;
            Map<String, LoraLinear> wrapped = new TreeMap<>();
            TARGETS.forEach(m -> wrapped.put(m, (LoraLinear) model.layers().get(m)));
            Map<String, String> meta = new TreeMap<>(Map.of("kos.workload", workload, "kos.examples", Integer.toString(examples),
                    "kos.accuracy_before", String.format(Locale.ROOT, "%.4f", before),
                    "kos.accuracy_after", String.format(Locale.ROOT, "%.4f", after), "kos.base", "kos/attn/default.safetensors"));
            PeftAdapter adapter = PeftAdapter.of(wrapped, adapterName, AdapterConfig.of(config, "kos-attention-scheduler"), meta);
            Path target = dir.save(adapterName, adapter, Map.of(), force); // atomic: old or new, never neither
            Report r = new Report(adapterName, workload, train.size(), heldOut.size(), rank, before, after, adapter.parameterCount(),
                    trainWall, wall, sizeOf(target), target.toString());
            Output.print(session, json.enabled(), r, () -> new TextTable("field", "value")
                    .row("adapter", r.name() + " (" + r.directory() + ")")
                    .row("workload", r.workload())
                    .row("decisions", r.trainExamples() + " to train, " + r.heldOutExamples() + " held out")
                    .row("rank", r.rank() + " on " + String.join(", ", TARGETS) + " (base frozen)")
                    .row("accuracy (within 25%)", String.format(Locale.ROOT, "%.1f%% -> %.1f%% (%+.1f points)", 100 * r.accuracyBefore(),
                            100 * r.accuracyAfter(), 100 * (r.accuracyAfter() - r.accuracyBefore())))
                    .row("trainable parameters", r.trainableParameters())
                    .row("size on disk", Quantities.formatBytes(r.sizeOnDisk()))
                    .row("wall time", "training " + Quantities.formatDuration(r.trainWallNs()) + ", in all "
                            + Quantities.formatDuration(r.totalWallNs()) + " (with collecting the decisions)").toString());
        }
    }

    static long sizeOf(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    @Command(name = "adapter",
            description = {"Switch the running attention scheduler's adapter: 'use NAME' attaches a saved adapter to its",
                    "projections (replacing any other), 'none' goes back to the base model. One base serves every workload."})
    static final class Adapter extends ShellCommand {
        @Parameters(index = "0", paramLabel = "use|none", description = "use or none.")
        String action;
        @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The adapter (with use).")
        String name;
        @Mixin
        ModelsOption models = new ModelsOption();

        @Override
        public void run() {
            AttentionPolicy p = AttentionWiring.active(session);
            switch (action) {
                case "none" -> {
                    detach(p.model());
                    p.learner().rebuild();
                    session.out().println("attention scheduler: base model, no adapter");
                }
                case "use" -> {
                    if (name == null) {
                        throw new KosException("adapter use needs a NAME (see 'loractl list')");
                    }
                    ModelsDir dir = models.get();
                    PeftAdapter adapter = dir.load(name);
                    detach(p.model());
                    for (String module : adapter.modules().keySet()) {
                        if (p.model().layers().get(module) instanceof Linear l) {
                            l.frozen(true); // LoRA trains the adapter; the shared base stays as it is
                        }
                    }
                    adapter.attach(p.model().layers(), name, session.seed());
                    p.learner().rebuild();
                    session.out().println("attention scheduler: adapter " + name + " on " + String.join(", ", adapter.modules().keySet())
                            + " (" + adapter.parameterCount() + " parameters)");
                }
                default -> throw new KosException("expected 'use NAME' or 'none', got '" + action + "'");
            }
        }

        /** Puts every wrapped layer's base back. */
        static void detach(AttentionModel model) {
            for (String module : model.layers().names()) {
                LinearLayer l = model.layers().get(module);
                if (l instanceof LoraLinear lora) {
                    model.layers().replace(module, x -> lora.base().frozen(false));
                }
            }
        }
    }
}
