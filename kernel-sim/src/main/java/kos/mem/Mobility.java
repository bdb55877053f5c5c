package kos.mem;

import java.util.Locale;
import kos.sim.KosException;

/**
 * The migrate type of an allocation, as Linux groups them: what can be moved by compaction
 * (MOVABLE, user anonymous memory), what can be dropped by reclaim (RECLAIMABLE, page cache) and
 * what can do neither (UNMOVABLE, kernel and slab).
 */
public enum Mobility {
    UNMOVABLE,
    MOVABLE,
    RECLAIMABLE;

    static final Mobility[] VALUES = values();

    /** The mobility with this ordinal (0 unmovable, 1 movable, 2 reclaimable), without allocating. */
    public static Mobility of(int ordinal) {
        return VALUES[ordinal];
    }

    /** Parses {@code unmovable|movable|reclaimable} (any case). */
    public static Mobility parse(String text) {
        for (Mobility m : VALUES) {
            if (m.name().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new KosException("unknown mobility type '" + text + "': expected unmovable, movable or reclaimable");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
