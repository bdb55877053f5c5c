package kos.lora.peft;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import kos.lora.layer.LoraLinear;
import kos.nn.Linear;
import kos.nn.NamedLayers;
import kos.nn.Safetensors;
import kos.nn.SafetensorsFile;
import kos.nn.Tensor;
import kos.sim.KosException;
import kos.sim.SafeText;

/**
 * Merging an adapter into its base weights: {@code W += scaling * B A} for each module of the
 * adapter; the base's other tensors are copied. The result holds no NaN or infinity, copied
 * tensors included, or nothing is written.
 */
public final class AdapterMerge {
    private AdapterMerge() {}

    /** The merged weights and the modules that were merged. */
    public record Merged(SortedMap<String, Tensor> tensors, SortedMap<String, String> metadata, List<String> modules) {}

    /**
     * Merges {@code adapter} (from {@code adapterDir}) into {@code base}; {@code baseName} names the
     * base in messages and is assumed already quoted for display.
     */
    public static Merged merge(PeftAdapter adapter, Path adapterDir, SafetensorsFile base, String baseName) {
        if (adapter.config().fanInFanOut()) {
            throw new KosException("merging fan_in_fan_out adapters (Conv1D layouts) is not supported");
        }
        TreeMap<String, Tensor> tensors = new TreeMap<>(base.tensors());
        for (String module : adapter.modules().keySet()) {
            Linear l = BaseWeights.loadBase(base, baseName, module, false);
            NamedLayers model = new NamedLayers();
            model.add(l);
            adapter.attach(model, "default", 0);
            ((LoraLinear) model.get(module)).merge("default");
            String key = base.tensors().containsKey(module + ".weight")
                    ? module + ".weight"
                    : base.tensors().firstKey();
            tensors.put(key, Tensor.f32(l.weight(), l.outFeatures(), l.inFeatures()));
        }
        for (Map.Entry<String, Tensor> t : tensors.entrySet()) {
            BaseWeights.finite(t.getValue().data(), "the merged tensor '" + SafeText.quote(t.getKey()) + "'");
        }
        TreeMap<String, String> meta = new TreeMap<>(base.metadata());
        meta.put("kos.merged_adapter", adapterDir.toAbsolutePath().toString());
        return new Merged(tensors, meta, List.copyOf(adapter.modules().keySet()));
    }

    /** Merges as {@link #merge} and writes the result to {@code out} atomically. */
    public static Merged mergeTo(
            Path out, PeftAdapter adapter, Path adapterDir, SafetensorsFile base, String baseName) {
        Merged m = merge(adapter, adapterDir, base, baseName);
        Safetensors.write(out, m.tensors(), m.metadata());
        return m;
    }
}
