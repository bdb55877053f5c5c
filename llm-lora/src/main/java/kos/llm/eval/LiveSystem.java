package kos.llm.eval;

import kos.llm.sandbox.CommandLayer;
import kos.llm.state.StateSnapshot;

/** A fresh simulated system for one evaluation case, driven through the shell's real command layer. */
public interface LiveSystem {
    /** Runs one setup line (a kos command); throws {@link kos.sim.KosException} with the shell's error if it fails. */
    void run(String line);

    StateSnapshot snapshot();

    CommandLayer layer();

    /** The pid of the live process with this name, or -1. */
    long pidOf(String name);

    boolean alive(long pid);

    /** The session's seed and virtual time: what no executed command may change. */
    long seed();

    long timeNs();

    /** Creates fresh systems. */
    @FunctionalInterface
    interface Factory {
        LiveSystem create();
    }
}
