package kos.shell.app;

import java.util.ArrayList;
import java.util.List;
import kos.sim.KosException;

/**
 * Seed lists as commands take them: {@code 101..105}, {@code 1,2,7} or both ({@code 1,2,5..8}), in the
 * order given; a lone number {@code N} is a count, N seeds from the command's first default seed, as
 * in {@link SeedRange} ({@code crashctl eval --seeds 20}), so that {@code --seeds 5} means five seeds
 * in every kos command. One seed alone is {@code 7..7}.
 */
public final class SeedList {
    /** The most seeds one list may name. */
    public static final int MAX = 10_000;

    private SeedList() {}

    /** Parses {@code text}; null or blank: {@code defaults}; a lone count N: N seeds from {@code defaults}' first. */
    public static List<Long> parse(String text, List<Long> defaults) {
        if (text == null || text.isBlank()) {
            return defaults;
        }
        if (text.trim().matches("[0-9]+")) {
            return count(text.trim(), defaults);
        }
        List<Long> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            try {
                int dots = p.indexOf("..");
                if (dots >= 0) {
                    long a = Long.parseLong(p.substring(0, dots).trim()),
                            b = Long.parseLong(p.substring(dots + 2).trim());
                    if (b < a || b - a >= MAX) {
                        throw new KosException(
                                "bad seed range '" + p + "': expected A..B with A <= B, at most " + MAX + " seeds");
                    }
                    for (long s = a; s <= b; s++) {
                        out.add(s);
                    }
                } else {
                    out.add(Long.parseLong(p));
                }
            } catch (NumberFormatException e) {
                throw new KosException("bad seed '" + p + "': expected numbers like 101..105 or 1,2,7");
            }
            if (out.size() > MAX) {
                throw new KosException("bad seed list: at most " + MAX + " seeds");
            }
        }
        return out;
    }

    private static List<Long> count(String text, List<Long> defaults) {
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX) {
            throw new KosException("--seeds " + text + ": a lone number is a count of seeds, expected 1 to " + MAX
                    + " (one seed alone: " + text + ".." + text + ")");
        }
        long first = defaults.get(0);
        List<Long> out = new ArrayList<>();
        for (long s = first; s < first + n; s++) {
            out.add(s);
        }
        return out;
    }
}
