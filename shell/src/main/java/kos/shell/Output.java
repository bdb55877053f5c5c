package kos.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;

import kos.sim.SafeText;

import java.util.function.Supplier;

/**
 * The one way commands print a report: JSON (one document, nothing else on stdout) when
 * {@code --json} was given (Jackson escapes control characters in strings), else the human form,
 * with every control character but newline and tab shown as an escape.
 */
public final class Output {
    private Output() {
    }

    /** One value as compact JSON on one line (for streams of documents, e.g. a watch with --json). */
    public static String json(Session session, Object value) {
        try {
            return session.json().writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static void print(Session session, boolean asJson, Object jsonValue, Supplier<String> human) {
        if (asJson) {
            try {
                session.out().println(session.json().writeValueAsString(jsonValue));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise " + jsonValue.getClass().getSimpleName(), e);
            }
        } else {
            String text = SafeText.terminal(human.get()); // no ESC sequence from a name or a file reaches the terminal
            session.out().print(text.endsWith("\n") ? text : text + "\n");
        }
        session.out().flush();
    }
}
