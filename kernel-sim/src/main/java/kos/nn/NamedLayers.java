package kos.nn;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import kos.sim.KosException;

/**
 * A model's linear layers by module name, so a model can look its projections up here on every
 * forward and a LoRA wrapper can be swapped in for any of them ({@link #replace}) without the
 * model knowing. Names iterate in sorted order.
 */
public final class NamedLayers {
    private final TreeMap<String, LinearLayer> layers = new TreeMap<>();

    /** Registers a layer under its own {@link LinearLayer#name()}; names must be unique. */
    public <L extends LinearLayer> L add(L layer) {
        if (layers.putIfAbsent(layer.name(), layer) != null) {
            throw new IllegalArgumentException("a layer named " + layer.name() + " is already registered");
        }
        return layer;
    }

    /** The layer registered under {@code name}; a KosException naming the known modules if none. */
    public LinearLayer get(String name) {
        LinearLayer l = layers.get(name);
        if (l == null) {
            throw new KosException(
                    "no module named '" + name + "' (modules: " + String.join(", ", layers.keySet()) + ")");
        }
        return l;
    }

    public boolean contains(String name) {
        return layers.containsKey(name);
    }

    /**
     * Replaces the layer under {@code name} by {@code wrap(current)}; the replacement must keep the
     * name and the dimensions. Returns the replacement.
     */
    public LinearLayer replace(String name, UnaryOperator<LinearLayer> wrap) {
        LinearLayer old = get(name);
        LinearLayer now = wrap.apply(old);
        if (!now.name().equals(name)
                || now.inFeatures() != old.inFeatures()
                || now.outFeatures() != old.outFeatures()) {
            throw new IllegalArgumentException("replacement for " + name + " must keep its name and shape "
                    + old.outFeatures() + " x " + old.inFeatures());
        }
        layers.put(name, now);
        return now;
    }

    /** Module names in sorted order. */
    public List<String> names() {
        return List.copyOf(layers.keySet());
    }

    /** Names ending with one of {@code suffixes} (PEFT's target_modules matching: whole last components). */
    public List<String> matching(List<String> suffixes) {
        return layers.keySet().stream()
                .filter(n -> suffixes.stream().anyMatch(s -> n.equals(s) || n.endsWith("." + s)))
                .toList();
    }

    public NavigableMap<String, LinearLayer> asMap() {
        return Collections.unmodifiableNavigableMap(layers);
    }

    /** Every trainable parameter of every layer, in name order. */
    public List<Parameter> parameters() {
        return layers.values().stream().flatMap(l -> l.parameters().stream()).toList();
    }

    public int size() {
        return layers.size();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, LinearLayer> e : layers.entrySet()) {
            sb.append(e.getKey())
                    .append(' ')
                    .append(e.getValue().outFeatures())
                    .append('x')
                    .append(e.getValue().inFeatures())
                    .append('\n');
        }
        return sb.toString();
    }
}
