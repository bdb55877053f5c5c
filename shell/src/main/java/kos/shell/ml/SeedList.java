package kos.shell.ml;

import java.util.ArrayList;
import java.util.List;
import kos.sim.KosException;

/** Parses {@code --seeds 1,2,5..8} into a list of seeds, in the order given. */
final class SeedList {
    private static final int MAX = 10_000;

    private SeedList() {}

    static List<Long> parse(String text) {
        List<Long> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            String p = part.trim();
            try {
                int dots = p.indexOf("..");
                if (dots > 0) {
                    long a = Long.parseLong(p.substring(0, dots)), b = Long.parseLong(p.substring(dots + 2));
                    if (b < a || b - a >= MAX) {
                        throw new KosException(
                                "--seeds " + p + ": expected A..B with A <= B and at most " + MAX + " seeds");
                    }
                    for (long s = a; s <= b; s++) {
                        out.add(s);
                    }
                } else {
                    out.add(Long.parseLong(p));
                }
            } catch (NumberFormatException e) {
                throw new KosException("--seeds '" + p + "' is not a seed or a range A..B");
            }
            if (out.size() > MAX) {
                throw new KosException("--seeds: at most " + MAX + " seeds");
            }
        }
        return out;
    }
}
