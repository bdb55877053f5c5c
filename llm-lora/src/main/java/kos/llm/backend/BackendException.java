package kos.llm.backend;

import kos.sim.KosException;

/** The model could not answer; the message is one line a user can act on. */
public final class BackendException extends KosException {
    public BackendException(String message) {
        super(message);
    }
}
