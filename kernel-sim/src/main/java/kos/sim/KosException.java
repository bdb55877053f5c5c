package kos.sim;

/**
 * An error caused by what the user asked for (a bad value, an impossible request, a missing
 * precondition), as opposed to a bug. The shell prints its message as one line and carries on;
 * a script stops at it with {@code file:line: message}.
 */
public class KosException extends RuntimeException {
    public KosException(String message) {
        super(message);
    }

    public KosException(String message, Throwable cause) {
        super(message, cause);
    }
}
