package kos.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kos.llm.backend.Backend;
import kos.llm.backend.EmbeddedBackend;
import kos.llm.state.PromptEncoder;
import kos.llm.state.StateSnapshot;
import kos.llm.state.StateSnapshot.Memory;
import kos.llm.state.StateSnapshot.Proc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedBackendTest {
    static EmbeddedBackend backend;

    @BeforeAll
    static void load() {
        backend = EmbeddedBackend.standard();
    }

    static StateSnapshot leak() {
        Memory m = new Memory(256L << 20, 20L << 20, 236L << 20, 4L << 20, 30, 300, 6, List.of(), 0, 0, 5, 1);
        Proc leaker = new Proc(7, "leaker", "task", "batch", 0, -1, 0, 10_000_000L, 1, 150L << 20, 8L << 20, 0);
        Proc web = new Proc(5, "web", "task", "interactive", 1, -1, 0, 900_000_000L, 40, 8L << 20, 100L << 10, 0);
        return new StateSnapshot(
                20_000_000_000L,
                m,
                List.of(),
                List.of(web, leaker),
                List.of(leaker, web),
                StateSnapshot.Io.NONE,
                new StateSnapshot.Risk("kos", 0.93, "CRITICAL", "lack_of_memory", 3_000_000_000L),
                null,
                List.of(),
                List.of());
    }

    Backend.Reply ask(String q, StateSnapshot s) {
        return backend.ask(q, s, PromptEncoder.encode(s));
    }

    @Test
    void killsTheLeakingPidTheSnapshotNames() {
        Backend.Reply r = ask("please get rid of whatever is hogging ram", leak());
        assertTrue(r.text().contains("Run: task kill 7"), r.text());
        Backend.Reply fix = ask("fix it", leak());
        assertTrue(fix.text().contains("Run: task kill 7"), fix.text());
    }

    @Test
    void proposesNothingWhenTheSlotIsMissing() {
        StateSnapshot s = leak();
        StateSnapshot noLeak = new StateSnapshot(
                s.timeNs(),
                s.memory(),
                s.cpus(),
                s.topByCpu(),
                List.of(),
                s.io(),
                StateSnapshot.Risk.NONE,
                null,
                List.of(),
                List.of());
        Backend.Reply r = ask("kill the leaking process", noLeak);
        assertFalse(r.text().contains("Run:"), r.text());
    }

    @Test
    void sameAnswerEveryTime() {
        String a = ask("memory looks odd, what now?", leak()).text();
        for (int i = 0; i < 5; i++) {
            assertEquals(a, ask("memory looks odd, what now?", leak()).text());
        }
    }

    @Test
    void latencyIsSmall() {
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            ask("question number " + i + " about the amount of free memory", leak());
        }
        System.out.println("embedded ask mean us: " + (System.nanoTime() - t0) / 20_000);
    }

    @Test
    void theRequestKindHeadSeparatesStatusExplainAndAct() {
        assertTrue(backend.head().trainingAccuracy() > 0.9);
        // the playbook's generic explain examples: the head learns most of them
        List<String> explain = backend.playbook().kinds().get("explain");
        List<String> right = explain.stream()
                .filter(q -> ask(q, leak()).signals().kind().equals("explain"))
                .toList();
        assertTrue(right.size() * 10 >= explain.size() * 8, right.toString());
        assertEquals("act", ask("fix it", leak()).signals().kind());
        assertEquals("status", ask("show the memory counters", leak()).signals().kind());
    }

    @Test
    void whyQuestionsAreAnsweredByAnInspectionThatSaysWhatTheSnapshotShows() {
        // a why-question on a topic the playbook knows only as an act (session 7: the head also learns it as explain)
        Backend.Reply r = ask("why is the leaker's footprint so large?", leak());
        assertFalse(r.signals().kind().equals("act"), r.text());
        assertFalse(r.text().contains("Run: task kill"), r.text());
        assertTrue(r.text().contains("The snapshot shows leak"), r.text());
        // a vague request in a healthy state: the fix there is the crash-risk check
        StateSnapshot s = leak();
        Memory calm = new Memory(256L << 20, 200L << 20, 56L << 20, 4L << 20, 0, 0, 10, List.of(), 0, 0, 0, 0);
        StateSnapshot idle = new StateSnapshot(
                s.timeNs(),
                calm,
                s.cpus(),
                List.of(),
                List.of(),
                s.io(),
                StateSnapshot.Risk.NONE,
                null,
                List.of(),
                List.of());
        assertTrue(ask("do whatever is needed", idle).text().contains("Run: crashctl status"));
    }

    @Test
    void lowConfidenceAnswersAreMarkedAndTheSameQuestionGivesTheSameSignals() {
        Backend.Signals a = ask("hmm, memory?", leak()).signals();
        assertEquals(a, ask("hmm, memory?", leak()).signals());
        EmbeddedBackend strict = backend.withCalibration(
                new kos.llm.backend.Calibration("test", 0.7, 0.1, 0, List.of(0.0, 0.0, 0.0), 0.9, "test", null, null));
        Backend.Reply r = strict.ask("fix it", leak(), PromptEncoder.encode(leak()));
        assertTrue(r.signals().abstained());
        assertTrue(r.text().contains("Low confidence"), r.text());
    }

    @Test
    void retrievesASimilarPastIncidentThatSucceededAndIgnoresFailedOnes() {
        String q = "the thing eating ram forever, please sort it";
        String past = "something eating ram forever, sort it";
        StateSnapshot.Action ok = new StateSnapshot.Action(1, "llmctl", "task kill 7", "asked: " + past, "ok");
        StateSnapshot.Action failed = new StateSnapshot.Action(1, "llmctl", "task kill 7", "asked: " + past, "exit 1");
        Backend.Reply with = ask(q, leak().withHistory(List.of(ok)));
        assertEquals(1, with.retrieved().size(), with.text());
        assertTrue(
                with.retrieved().getFirst().contains("kill-leak"),
                with.retrieved().toString());
        assertTrue(ask(q, leak().withHistory(List.of(failed))).retrieved().isEmpty());
        assertTrue(backend.withRetrieval(false)
                .ask(q, leak().withHistory(List.of(ok)), "")
                .retrieved()
                .isEmpty());
        assertTrue(ask(q, leak()).retrieved().isEmpty());
    }
}
