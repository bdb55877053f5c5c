package kos.shell;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.function.Supplier;

/**
 * The one way commands print a report: JSON (one document, nothing else on stdout) when
 * {@code --json} was given, else the human form.
 */
public final class Output {
    private Output() {
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
