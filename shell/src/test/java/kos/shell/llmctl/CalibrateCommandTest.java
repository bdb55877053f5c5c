package kos.shell.llmctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import kos.llm.backend.EmbeddedBackend;
import kos.llm.eval.CalibrationFit;
import kos.llm.eval.EvalCorpus;
import org.junit.jupiter.api.Test;

class CalibrateCommandTest {
    /**
     * A small fit: 12 training questions of two scenarios, plus held-out questions on a scenario that does
     * not exist (reading one would throw). The fit is reproducible, learns only training questions, and its
     * cross-validated misses are exactly the questions it did not answer actionably.
     */
    @Test
    void fitsOnTrainingQuestionsOnlyAndReproducibly() {
        EvalCorpus all = EvalCorpus.load();
        List<EvalCorpus.Question> qs = new ArrayList<>();
        for (String sc : List.of("leak", "fragmentation")) {
            all.questions().stream()
                    .filter(q -> q.set().equals("training") && q.scenario().equals(sc))
                    .limit(6)
                    .forEach(qs::add);
        }
        for (String set : List.of("s6", "s7")) {
            qs.add(new EvalCorpus.Question("held out " + set, "nowhere", List.of("ps"), false, false, true, set));
        }
        qs.add(new EvalCorpus.Question("a paraphrase", "nowhere", List.of("ps"), true, false, false));
        EvalCorpus small = new EvalCorpus(all.about(), all.scenarios(), qs, List.of());
        EmbeddedBackend base = EmbeddedBackend.standard();
        CalibrationFit.Result a = CalibrationFit.fit(small, base, ShellLiveSystem::new, p -> {});
        CalibrationFit.Result b = CalibrationFit.fit(small, base, ShellLiveSystem::new, p -> {});
        assertEquals(a.calibration(), b.calibration());
        assertEquals(12, a.questions());
        List<String> training =
                qs.subList(0, 12).stream().map(EvalCorpus.Question::q).toList();
        assertTrue(a.calibration().learned().stream().allMatch(l -> training.contains(l.q())));
        assertEquals(12 - a.before().actionable(), a.missed().size(), a.missed().toString());
        String text = CalibrateCommand.text(a);
        assertTrue(text.contains("not actionable when unseen"), text);
    }
}
