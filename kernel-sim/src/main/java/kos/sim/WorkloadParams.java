package kos.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options a user gave to {@code workload start NAME --key value ...}, read by the workload's
 * factory with typed getters. Every getter parses through {@link Quantities}, so a bad value fails
 * with a message naming the option, the value and the expected form. After creating the workload,
 * {@link #rejectUnused(String, Set)} turns a misspelt option into an error instead of a silent
 * default.
 */
public final class WorkloadParams {
    private final Map<String, String> values;
    private final Set<String> used = new TreeSet<>();

    public WorkloadParams(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static WorkloadParams empty() {
        return new WorkloadParams(Map.of());
    }

    public Map<String, String> asMap() {
        return values;
    }

    public boolean has(String key) {
        used.add(key);
        return values.containsKey(key);
    }

    public String string(String key, String dflt) {
        used.add(key);
        return values.getOrDefault(key, dflt);
    }

    public long duration(String key, long dfltNs) {
        return parse(key, dfltNs, Quantities::parseDuration);
    }

    public long size(String key, long dfltBytes) {
        return parse(key, dfltBytes, Quantities::parseSize);
    }

    public double rate(String key, double dfltBytesPerSecond) {
        return parse(key, dfltBytesPerSecond, Quantities::parseRate);
    }

    public long integer(String key, long dflt, long min, long max) {
        long v = parse(key, dflt, Quantities::parseLong);
        if (v < min || v > max) {
            throw new KosException("--" + key + " " + v + " is out of range: expected " + min + ".." + max);
        }
        return v;
    }

    public double number(String key, double dflt, double min, double max) {
        double v = parse(key, dflt, Quantities::parseDouble);
        if (v < min || v > max) {
            throw new KosException("--" + key + " " + values.get(key) + " is out of range: expected " + min + ".." + max);
        }
        return v;
    }

    /** Fails if an option was given that no getter asked for, naming workload {@code workload}. */
    public void rejectUnused(String workload, Set<String> known) {
        rejectUnused("workload", workload, known);
    }

    /**
     * Fails if an option was given that no getter asked for: "unknown option --K for KIND NAME
     * (options: ...)", where {@code kind} says what the options configure ({@code workload},
     * {@code policy}).
     */
    public void rejectUnused(String kind, String name, Set<String> known) {
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                throw new KosException("unknown option --" + k + " for " + kind + " " + name
                        + (known.isEmpty() ? " (it takes no options)" : " (options: --" + String.join(", --", new TreeSet<>(known)) + ")"));
            }
        }
    }

    private <T> T parse(String key, T dflt, java.util.function.Function<String, T> parser) {
        used.add(key);
        String raw = values.get(key);
        if (raw == null) {
            return dflt;
        }
        try {
            return parser.apply(raw);
        } catch (KosException e) {
            throw new KosException("--" + key + ": " + e.getMessage());
        }
    }
}
