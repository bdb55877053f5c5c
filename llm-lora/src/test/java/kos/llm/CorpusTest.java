package kos.llm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import kos.llm.backend.Playbook;
import kos.llm.eval.EvalCorpus;
import org.junit.jupiter.api.Test;

class CorpusTest {
    static String norm(String s) {
        return s.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9 ]", "")
                .replaceAll("\\s+", " ")
                .strip();
    }

    @Test
    void sizesAsPromised() {
        EvalCorpus c = EvalCorpus.load();
        assertTrue(c.questions().size() >= 200, "questions " + c.questions().size());
        assertTrue(
                c.questions().stream().filter(EvalCorpus.Question::paraphrase).count() * 4
                        >= c.questions().size());
        assertTrue(c.adversarial().size() >= 60);
        assertTrue(c.questions().stream().filter(EvalCorpus.Question::fresh).count() >= 42);
        assertTrue(c.questions().stream().noneMatch(q -> q.fresh() && q.paraphrase()));
        assertTrue(c.questions().stream().filter(q -> q.set().equals("new")).count() >= 40);
        assertTrue(c.questions().stream().filter(q -> q.set().equals("fresh")).count() >= 42);
        assertTrue(c.questions().stream().filter(q -> q.set().equals("s7")).count() >= 40);
        Set<String> seen = new HashSet<>();
        c.questions().forEach(q -> assertTrue(seen.add(norm(q.q()) + "@" + q.scenario()), "duplicate " + q.q()));
        c.questions().forEach(q -> c.scenario(q.scenario()));
        c.adversarial().forEach(a -> c.scenario(a.scenario()));
    }

    @Test
    void noEvaluationQuestionAppearsInThePlaybook() {
        Set<String> examples = new HashSet<>();
        Playbook.load().intents().forEach(i -> i.examples().forEach(e -> examples.add(norm(e))));
        for (EvalCorpus.Question q : EvalCorpus.load().questions()) {
            String n = norm(q.q());
            for (String e : examples) {
                assertFalse(
                        n.equals(e) || n.contains(e) && e.split(" ").length >= 3,
                        "'" + q.q() + "' contains playbook example '" + e + "'");
            }
        }
    }
}
