package kos.lora.train;

import kos.lora.layer.LoraConfig;
import kos.lora.layer.LoraLinear;
import kos.lora.peft.AdapterConfig;
import kos.lora.peft.ModelsDir;
import kos.lora.peft.PeftAdapter;
import kos.nn.Linear;
import kos.nn.Safetensors;
import kos.nn.Tensor;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.SeedStream;
import kos.sim.io.BoundedRead;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Trains one LoRA adapter on a dataset and saves it in PEFT's format (the use case behind
 * {@code loractl train}): on given base weights, or on a base layer it creates from the seed and
 * saves beside the adapter. Saving replaces an adapter of the same name atomically: the old one or
 * the new one, never neither.
 */
public final class AdapterTraining {
    /** The largest rank accepted. */
    public static final int MAX_RANK = 4096;
    /** The most weights of one base layer (256 MiB as floats). */
    public static final long MAX_WEIGHTS = 1L << 26;

    /** The created base layer's initialisation: xor 0xBA5E of the seed (values kept from before SeedStream). */
    static final SeedStream CREATED_BASE = SeedStream.xor("lora.demo.base", 0xBA5EL);
    /** The adapter's initialisation: xor 0xADA9 of the seed. */
    static final SeedStream ADAPTER_INIT = SeedStream.xor("lora.demo.adapter", 0xADA9L);
    /** Dropout of the wrapped layer: the seed as given. */
    static final SeedStream DROPOUT = SeedStream.given("lora.dropout");

    /**
     * What to train.
     *
     * @param base     the base layer, or null to create one from the seed (and save it beside the adapter)
     * @param baseRef  where the base came from (recorded in the adapter's metadata), ignored when base is null
     * @param dataName the dataset's name for the metadata
     */
    public record Request(String name, Dataset data, String dataName, Linear base, String baseRef, String module,
                          int rank, float alpha, float dropout, boolean rslora, TrainingConfig training, boolean force) {
    }

    /** A saved adapter and how its training went; {@code wallMs} is wall-clock time, for people. */
    public record Outcome(Path dir, TrainingResult result, long wallMs) {
    }

    private AdapterTraining() {
    }

    /**
     * Trains and saves.
     *
     * @param epochs    told of every epoch's report
     * @param cancelled polled between batches; training stops, and nothing is saved, when it turns true
     * @throws KosException for an existing name without force, a bad configuration, a layer that
     *                      would not fit the heap, or a training that did not complete (nothing saved)
     */
    public static Outcome train(ModelsDir models, Request req, Consumer<EpochReport> epochs, BooleanSupplier cancelled) {
        ModelsDir.checkName(req.name());
        if (models.exists(req.name()) && !req.force()) {
            throw new KosException("an adapter named '" + req.name() + "' exists in " + models.root()
                    + "; use --force to replace it");
        }
        Quantities.checkRange(req.rank(), 1, MAX_RANK, "--rank");
        LoraConfig lc;
        try {
            lc = new LoraConfig(req.rank(), req.alpha(), req.dropout(), req.rslora(), List.of(req.module()));
        } catch (IllegalArgumentException e) {
            throw new KosException(e.getMessage());
        }
        long seed = req.training().seed();
        Linear base = req.base();
        if (base != null) {
            checkFits(base.inFeatures(), base.outFeatures(), req.rank());
        } else {
            Dataset ds = req.data();
            int out = req.training().loss() == Loss.CROSS_ENTROPY && ds.targetDim() == 1 ? classes(ds) : ds.targetDim();
            checkFits(ds.inputDim(), out, req.rank());
            base = Linear.kaimingUniform(req.module(), ds.inputDim(), out, false, CREATED_BASE.random(seed));
        }
        LoraLinear layer = new LoraLinear(base, DROPOUT.seed(seed));
        layer.addAdapter("default", lc, ADAPTER_INIT.random(seed));
        long t0 = System.nanoTime();
        TrainingResult r = new FineTuner(layer, req.training()).train(req.data(), epochs, cancelled);
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        if (r.state() != TrainingState.COMPLETED) {
            throw new KosException("training " + r.state().label() + ": " + r.message() + "; nothing saved");
        }
        String baseRef = req.base() != null ? req.baseRef() : PeftAdapter.BASE_FILE;
        PeftAdapter adapter = PeftAdapter.of(Map.of(req.module(), layer), "default",
                AdapterConfig.of(lc, req.base() != null ? baseRef : null), metadata(req, baseRef, r));
        Map<String, byte[]> extra = req.base() != null ? Map.of()
                : Map.of(PeftAdapter.BASE_FILE, Safetensors.toBytes(Map.of(req.module() + ".weight",
                        Tensor.f32(base.weight(), base.outFeatures(), base.inFeatures())),
                        Map.of("format", "pt", "kos.seed", Long.toString(seed))));
        models.save(req.name(), adapter, extra, req.force());
        return new Outcome(models.root().resolve(req.name()), r, wallMs);
    }

    private static Map<String, String> metadata(Request req, String baseRef, TrainingResult r) {
        TrainingConfig c = req.training();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("kos.created_by", "loractl train");
        meta.put("kos.module", req.module());
        meta.put("kos.base", baseRef);
        meta.put("kos.seed", Long.toString(c.seed()));
        meta.put("kos.dataset", req.dataName());
        meta.put("kos.loss", c.loss().name().toLowerCase(Locale.ROOT));
        meta.put("kos.optimizer", c.optimizer().name().toLowerCase(Locale.ROOT) + " lr " + c.learningRate());
        meta.put("kos.epochs", Integer.toString(r.epochsRun()));
        meta.put("kos.loss_before", Double.toString(r.before().loss()));
        meta.put("kos.loss_after", Double.toString(r.after().loss()));
        return meta;
    }

    /** Refuses a layer whose weights, adapter and optimizer state would not fit the heap, before allocating any. */
    static void checkFits(int in, int out, int rank) {
        long weights = (long) in * out;
        if (weights > MAX_WEIGHTS) {
            throw new KosException("a base layer of " + in + " inputs and " + out + " outputs has " + weights
                    + " weights; kos trains layers of at most " + MAX_WEIGHTS);
        }
        long adapter = (long) rank * (in + out);
        long bytes = 4 * (weights + 5 * adapter); // the base, and per adapter weight its value, gradient, two moments, a spare
        if (!BoundedRead.fitsInHeap(bytes)) {
            throw new KosException("training rank " + rank + " on " + in + " x " + out + " needs about "
                    + Quantities.formatBytes(bytes) + " but only " + Quantities.formatBytes(BoundedRead.heapAllowance())
                    + " of heap can be spared (lower --rank or raise -Xmx)");
        }
    }

    private static int classes(Dataset ds) {
        float max = 0;
        for (Example e : ds.examples()) {
            max = Math.max(max, e.target()[0]);
        }
        if (max > 100_000) {
            throw new KosException("class index " + max + " is too large");
        }
        return (int) max + 1;
    }
}
