package kos.nn;

import kos.sim.KosException;
import kos.sim.SafeText;

import java.util.SortedMap;

/**
 * The contents of a safetensors file.
 *
 * @param tensors  by name, sorted
 * @param metadata the {@code __metadata__} string map (empty when absent), sorted
 */
public record SafetensorsFile(SortedMap<String, Tensor> tensors, SortedMap<String, String> metadata) {
    /** The tensor called {@code name}; a KosException listing the names if there is none. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new KosException("no tensor named '" + SafeText.quote(name) + "' (tensors: "
                    + SafeText.names(tensors.keySet()) + ")");
        }
        return t;
    }
}
