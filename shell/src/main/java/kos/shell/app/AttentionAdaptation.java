package kos.shell.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import kos.attn.AttentionModel;
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
import kos.sim.KosException;
import kos.sim.SeedStream;
import kos.simd.Kernels;

/**
 * Per-workload LoRA adapters on the attention scheduler's projections: where sched-transformer (which
 * trains whatever parameters its model has) and llm-lora (which wraps layers by name) meet.
 */
public final class AttentionAdaptation {
    /** The projections adapters go on, by their PEFT module names. */
    public static final List<String> TARGETS = List.of("q_proj", "k_proj", "v_proj", "o_proj");

    /** Held-out decisions come from the next seed of a stride-10,000 family (docs/architecture.md, seed table). */
    static final SeedStream HELD_OUT = SeedStream.stride("attn.adapt.heldout", 10_000);
    /** Dropout of the wrapped projections: the adapt seed as given. */
    static final SeedStream DROPOUT = SeedStream.given("lora.dropout");

    private AttentionAdaptation() {}

    /** What to fit: {@code examples} decisions of {@code workload} to train on, as many held out; alpha = 2 rank. */
    public record Request(String workload, String name, int examples, int rank, int epochs, float lr, long seed) {
        public Request {
            if (examples < 10 || examples > 100_000) {
                throw new KosException("--examples must be 10..100000, got " + examples);
            }
            if (rank < 1 || rank > 16) {
                throw new KosException("--rank must be 1..16, got " + rank);
            }
            ModelsDir.checkName(name);
        }
    }

    /** What a fit gives: accuracy is the share of predicted bursts within 25% of the observed one. */
    public record Report(
            String name,
            String workload,
            int trainExamples,
            int heldOutExamples,
            int rank,
            double accuracyBefore,
            double accuracyAfter,
            long trainableParameters,
            long trainWallNs,
            long totalWallNs,
            long sizeOnDisk,
            String directory) {}

    /**
     * Collects decisions of the shipped base model on the workload, trains adapters on {@link #TARGETS}
     * with the base frozen, and saves them (atomically) in {@code dir}; refuses to replace an adapter
     * unless {@code force}.
     */
    public static Report adapt(Request q, ModelsDir dir, boolean force) {
        if (dir.exists(q.name()) && !force) {
            throw new KosException(
                    "an adapter named '" + q.name() + "' exists in " + dir.root() + "; use --force to replace it");
        }
        long t0 = System.nanoTime();
        AttentionModel model = DefaultWeights.create(Kernels.get(), "default", 1);
        List<Example> train = FineTune.collect(Kernels.get(), model, q.workload(), 1, 0.9, 200, q.seed(), q.examples());
        List<Example> heldOut = FineTune.collect(
                Kernels.get(), model, q.workload(), 1, 0.9, 200, HELD_OUT.seed(q.seed(), 1), q.examples());
        if (train.size() < q.examples() || heldOut.isEmpty()) {
            throw new KosException(
                    "workload " + q.workload() + " gave only " + train.size() + " decisions; try fewer --examples");
        }
        double before = FineTune.accuracy(model, heldOut);
        LoraConfig config = wrap(model, q);
        long t1 = System.nanoTime();
        FineTune.train(model, train, q.epochs(), q.lr(), 10, q.seed());
        long trainWall = System.nanoTime() - t1;
        double after = FineTune.accuracy(model, heldOut);
        PeftAdapter adapter = adapter(model, q, config, before, after);
        Path target = dir.save(q.name(), adapter, Map.of(), force); // atomic: old or new, never neither
        return new Report(
                q.name(),
                q.workload(),
                train.size(),
                heldOut.size(),
                q.rank(),
                before,
                after,
                adapter.parameterCount(),
                trainWall,
                System.nanoTime() - t0,
                sizeOf(target),
                target.toString());
    }

    /** Freezes every layer and wraps the targets in LoRA layers with a fresh adapter. */
    private static LoraConfig wrap(AttentionModel model, Request q) {
        LoraConfig config = new LoraConfig(q.rank(), 2f * q.rank(), 0f, false, TARGETS);
        for (String module : model.layers().names()) {
            ((Linear) model.layers().get(module)).frozen(true);
        }
        for (String module : TARGETS) {
            model.layers().replace(module, l -> {
                LoraLinear lora = new LoraLinear((Linear) l, DROPOUT.seed(q.seed()));
                lora.addAdapter(q.name(), config, SeedStream.named(module).random(q.seed()));
                return lora;
            });
        }
        return config;
    }

    private static PeftAdapter adapter(
            AttentionModel model, Request q, LoraConfig config, double before, double after) {
        Map<String, LoraLinear> wrapped = new TreeMap<>();
        TARGETS.forEach(m -> wrapped.put(m, (LoraLinear) model.layers().get(m)));
        Map<String, String> meta = new TreeMap<>(Map.of(
                "kos.workload", q.workload(),
                "kos.examples", Integer.toString(q.examples()),
                "kos.accuracy_before", String.format(Locale.ROOT, "%.4f", before),
                "kos.accuracy_after", String.format(Locale.ROOT, "%.4f", after),
                "kos.base", "kos/attn/default.safetensors"));
        return PeftAdapter.of(wrapped, q.name(), AdapterConfig.of(config, "kos-attention-scheduler"), meta);
    }

    /** Puts every wrapped layer's base back. */
    public static void detach(AttentionModel model) {
        for (String module : model.layers().names()) {
            LinearLayer l = model.layers().get(module);
            if (l instanceof LoraLinear lora) {
                model.layers().replace(module, x -> lora.base().frozen(false));
            }
        }
    }

    /**
     * Attaches a saved adapter to {@code model}'s projections, replacing any other; the layers it
     * wraps are frozen (LoRA trains the adapter; the shared base stays as it is).
     */
    public static PeftAdapter attach(AttentionModel model, ModelsDir dir, String name, long seed) {
        PeftAdapter adapter = dir.load(name);
        detach(model);
        for (String module : adapter.modules().keySet()) {
            if (model.layers().get(module) instanceof Linear l) {
                l.frozen(true);
            }
        }
        adapter.attach(model.layers(), name, seed);
        return adapter;
    }

    static long sizeOf(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
