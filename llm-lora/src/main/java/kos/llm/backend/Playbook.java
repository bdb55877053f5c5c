package kos.llm.backend;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import kos.sim.KosException;

/**
 * The operator playbook the embedded backend learns its intents from: for each intent, example
 * requests in an operator's words, a command template with {@code {slot}} placeholders, and the
 * situations it fits. Shipped as the resource {@value #RESOURCE}; it shares no text with the
 * evaluation corpus (a test checks).
 */
public record Playbook(String about, Map<String, List<String>> kinds, List<Intent> intents) {
    public static final String RESOURCE = "/kos/llm/playbook.json";

    /**
     * @param template   the command, e.g. {@code task kill {leak_pid}}; {@code {fix}} stands for the fix of the
     *                   strongest situation
     * @param situations situation labels ({@link Situation#label()}) this intent fits
     * @param say        the explanation, with slots
     * @param kind       what a request for it asks for: {@code act} (change something) or {@code status} (show something)
     */
    public record Intent(
            String id, String template, List<String> situations, String say, String kind, List<String> examples) {
        /** The request kind this intent answers ({@link RequestKind#STATUS} also answers explain requests). */
        public RequestKind requestKind() {
            return RequestKind.parse(kind == null ? "" : kind, id);
        }
    }

    /** Generic requests of each kind (keys {@code status}, {@code explain}, {@code act}) for the request-kind head. */
    @Override
    public Map<String, List<String>> kinds() {
        return kinds == null ? Map.of() : kinds;
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
            return new ObjectMapper()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, Playbook.class);
        } catch (IOException e) {
            throw new KosException("cannot read the playbook: " + e.getMessage());
        }
    }
}
