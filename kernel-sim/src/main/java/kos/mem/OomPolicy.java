package kos.mem;

import kos.sim.KosException;

/** What an out-of-memory event does: crash the simulated kernel, or kill the largest process. */
public enum OomPolicy {
    PANIC,
    KILL;

    public static OomPolicy parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "panic" -> PANIC;
            case "kill" -> KILL;
            default -> throw new KosException("unknown OOM policy '" + text + "': expected panic or kill");
        };
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
