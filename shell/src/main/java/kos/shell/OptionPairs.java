package kos.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kos.sim.KosException;

/**
 * Free-form {@code --key value} and {@code --key=value} options, as workloads and policies take
 * them (their option names belong to the subsystem, not to the command).
 */
public final class OptionPairs {
    private OptionPairs() {}

    /**
     * Parses the words into a map in the order given.
     *
     * @param what what the options are for, for error messages ("workload leak", "policy rr")
     */
    public static Map<String, String> parse(String what, List<String> words) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--") || w.length() == 2) {
                throw new KosException("unexpected '" + w + "' for " + what + ": expected --option value");
            }
            String key, value;
            int eq = w.indexOf('=');
            if (eq > 0) {
                key = w.substring(2, eq);
                value = w.substring(eq + 1);
            } else {
                key = w.substring(2);
                if (i + 1 >= words.size()) {
                    throw new KosException("option --" + key + " of " + what + " needs a value");
                }
                value = words.get(++i);
            }
            if (m.put(key, value) != null) {
                throw new KosException("option --" + key + " given twice");
            }
        }
        return m;
    }
}
