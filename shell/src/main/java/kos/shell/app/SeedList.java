package kos.shell.app;

import java.util.ArrayList;
import java.util.List;
import kos.sim.KosException;

/** Seed lists as commands take them: {@code 101..105} or {@code 1,2,7}. */
public final class SeedList {
    private SeedList() {}

    /** Parses {@code text}; null or blank: {@code defaults}. */
    public static List<Long> parse(String text, List<Long> defaults) {
        if (text == null || text.isBlank()) {
            return defaults;
        }
        List<Long> out = new ArrayList<>();
        try {
            for (String part : text.split(",")) {
                String p = part.trim();
                int dots = p.indexOf("..");
                if (dots >= 0) {
                    long a = Long.parseLong(p.substring(0, dots).trim()),
                            b = Long.parseLong(p.substring(dots + 2).trim());
                    if (b < a || b - a > 1000) {
                        throw new KosException(
                                "bad seed range '" + p + "': expected A..B with A <= B, at most 1000 seeds");
                    }
                    for (long s = a; s <= b; s++) {
                        out.add(s);
                    }
                } else {
                    out.add(Long.parseLong(p));
                }
            }
        } catch (NumberFormatException e) {
            throw new KosException("bad seed list '" + text + "': expected numbers like 101..105 or 1,2,7");
        }
        return out;
    }
}
