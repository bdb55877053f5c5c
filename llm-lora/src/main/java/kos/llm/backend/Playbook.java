package kos.llm.backend;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import kos.sim.KosException;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The operator playbook the embedded backend learns its intents from: for each intent, example
 * requests in an operator's words, a command template with {@code {slot}} placeholders, and the
 * situations it fits. Shipped as the resource {@value #RESOURCE}; it shares no text with the
 * evaluation corpus (a test checks).
 */
public record Playbook(String about, List<Intent> intents) {
    public static final String RESOURCE = "/kos/llm/playbook.json";

    /**
     * @param template   the command, e.g. {@code task kill {leak_pid}}; {@code {fix}} stands for the fix of the
     *                   strongest situation
     * @param situations situation labels ({@link Situation#label()}) this intent fits
     * @param say        the explanation, with slots
     */
    public record Intent(String id, String template, List<String> situations, String say, List<String> examples) {
    }

    public Intent intent(String id) {
        for (Intent i : intents) {
            if (i.id().equals(id)) {
                return i;
            }
        }
        throw new KosException("playbook has no intent '" + id + "'");
    }

    public static Playbook load() {
        try (InputStream in = Playbook.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new KosException("the playbook " + RESOURCE + " is missing from the class path");
            }
            return new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(in, Playbook.class);
        } catch (IOException e) {
            throw new KosException("cannot read the playbook: " + e.getMessage());
        }
    }
}
