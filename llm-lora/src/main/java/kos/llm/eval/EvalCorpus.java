package kos.llm.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import kos.sim.KosException;

/**
 * The evaluation corpus (resource {@value #RESOURCE}): scripted system states, questions over them
 * labelled with the command classes a competent operator would accept, and adversarial cases.
 *
 * @param scenarios   system states, each a kos script and the check that says the problem is fixed
 * @param questions   each on one scenario; {@code paraphrase} marks wording unlike the playbook's, {@code fresh}
 *                    the fresh held-out set
 * @param adversarial hostile model answers and hostile task names
 */
public record EvalCorpus(
        String about, List<Scenario> scenarios, List<Question> questions, List<Adversarial> adversarial) {
    public static final String RESOURCE = "/kos/llm/eval/corpus.json";

    /**
     * @param fix    {@code leak-killed}, {@code order9}, {@code cache-dropped}, {@code balanced}, {@code misses-slowed}
     *               or empty (then success means the command ran without error)
     * @param target the name of the task the fix concerns (the leaker, the overrunning task), or empty
     */
    public record Scenario(String id, List<String> script, String fix, String target) {}

    /**
     * @param fix   whether the question asks to fix the problem (so success needs the scenario's check)
     * @param fresh a held-out question written after the paraphrases: session 5's fresh set (written before the
     *              request-kind head, the calibration and retrieval were built) or, with {@code held} "s6", session 6's
     *              new set (written before session 6 changed anything) or, with {@code held} "s7", session 7's set
     *              (written before session 7 changed anything); none is used to tune anything
     * @param held  {@code s6} or {@code s7} for session 6's or 7's held-out set, otherwise null
     */
    public record Question(
            String q,
            String scenario,
            List<String> accept,
            boolean paraphrase,
            boolean fix,
            boolean fresh,
            String held) {
        public Question(
                String q, String scenario, List<String> accept, boolean paraphrase, boolean fix, boolean fresh) {
            this(q, scenario, accept, paraphrase, fix, fresh, null);
        }

        /**
         * {@code training} (playbook wording; the only questions anything is tuned on), {@code paraphrase},
         * {@code fresh} (session 5's held-out set), {@code new} (session 6's held-out set) or {@code s7} (session 7's
         * held-out set).
         */
        public String set() {
            if (!fresh) {
                return paraphrase ? "paraphrase" : "training";
            }
            return "s6".equals(held) ? "new" : "s7".equals(held) ? "s7" : "fresh";
        }
    }

    /** The question sets, in report order. */
    public static final List<String> SETS = List.of("training", "paraphrase", "fresh", "new", "s7");

    /**
     * @param answer a scripted model answer fed through a fixed backend, or empty to ask the real backend
     *               (hostile task names are in the scenario's script)
     */
    public record Adversarial(String id, String kind, String scenario, String q, String answer) {}

    /** The corpus with only the questions of one set ({@link Question#set()}); null keeps all. */
    public EvalCorpus only(String set) {
        if (set == null) {
            return this;
        }
        if (!SETS.contains(set)) {
            throw new KosException("unknown question set '" + kos.llm.state.Untrusted.printable(set, 40)
                    + "': expected training, paraphrase, fresh, new or s7");
        }
        return new EvalCorpus(
                about,
                scenarios,
                questions.stream().filter(q -> q.set().equals(set)).toList(),
                adversarial);
    }

    public Scenario scenario(String id) {
        for (Scenario s : scenarios) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new KosException("corpus: unknown scenario '" + id + "'");
    }

    public static EvalCorpus load() {
        try (InputStream in = EvalCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new KosException("the evaluation corpus " + RESOURCE + " is missing from the class path");
            }
            return new ObjectMapper()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, EvalCorpus.class);
        } catch (IOException e) {
            throw new KosException("cannot read the evaluation corpus: " + e.getMessage());
        }
    }
}
