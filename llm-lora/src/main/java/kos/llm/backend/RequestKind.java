package kos.llm.backend;

import java.util.Locale;
import kos.sim.KosException;

/**
 * What a question asks for, before which playbook entry answers it: to be shown something
 * ({@link #STATUS}), told why something is so ({@link #EXPLAIN}), or to have something changed
 * ({@link #ACT}). Status and explain requests are answered by inspection commands (an explanation
 * adds what the snapshot shows), act requests by the commands that change the simulation.
 */
public enum RequestKind {
    STATUS,
    EXPLAIN,
    ACT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @param where names the playbook entry, for the error message */
    public static RequestKind parse(String s, String where) {
        for (RequestKind k : values()) {
            if (k.label().equals(s)) {
                return k;
            }
        }
        throw new KosException("playbook: '" + where + "' has kind '" + s + "': expected status, explain or act");
    }
}
