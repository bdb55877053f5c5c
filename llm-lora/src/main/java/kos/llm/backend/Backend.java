package kos.llm.backend;

import java.util.List;
import kos.llm.state.StateSnapshot;

/**
 * A language model that answers an operator's question about the simulated system. Its answer is
 * text; commands in it are only proposals, extracted and checked by the sandbox
 * ({@link kos.llm.sandbox.Sandbox}) before anything runs.
 */
public interface Backend {
    /** {@code embedded} or {@code openai}. */
    String name();

    /** One line describing the backend's settings (never a secret). */
    String describe();

    /**
     * @param question the operator's question, untrusted text
     * @param snapshot the state the question is about
     * @param prompt   the snapshot encoded by {@link kos.llm.state.PromptEncoder}
     * @throws BackendException when the model cannot answer (unreachable, timed out, malformed reply)
     */
    Reply ask(String question, StateSnapshot snapshot, String prompt);

    /**
     * A model's answer.
     *
     * @param text      the answer as the model wrote it (untrusted)
     * @param intent    the intent the embedded model chose, or empty
     * @param score     its similarity score (embedded) or 0
     * @param retrieved past incidents that changed the answer, or empty
     * @param signals   how the embedded model decided, or null (other backends)
     */
    record Reply(String text, String intent, double score, List<String> retrieved, Signals signals) {
        public static Reply text(String text) {
            return new Reply(text, "", 0, List.of(), null);
        }
    }

    /**
     * How the embedded model decided: the request kind its head chose and that kind's probability, the
     * best intent's similarity and its score margin over the runner-up, the calibrated confidence, and
     * whether it abstained for lack of confidence.
     */
    record Signals(
            String kind,
            double kindProbability,
            double similarity,
            double margin,
            double confidence,
            boolean abstained) {}
}
