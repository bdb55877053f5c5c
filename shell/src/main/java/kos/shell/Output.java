package kos.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.function.Supplier;

/**
 * The one way commands print a report: JSON (one document, nothing else on stdout) when
 * {@code --json} was given, else the human form.
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
            String text = human.get();
            session.out().print(text.endsWith("\n") ? text : text + "\n");
        }
        session.out().flush();
    }
}
