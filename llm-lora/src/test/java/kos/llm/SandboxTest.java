package kos.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kos.llm.sandbox.CommandExtractor;
import kos.llm.sandbox.CommandLayer;
import kos.llm.sandbox.Sandbox;
import kos.llm.sandbox.Verdict;
import kos.llm.state.StateSnapshot;
import kos.sim.KosException;
import org.junit.jupiter.api.Test;

class SandboxTest {
    /** A stand-in for the shell's tree: two-word commands for known groups, options start with --. */
    static final class FakeLayer implements CommandLayer {
        static final Set<String> GROUPS =
                Set.of("memctl", "task", "schedctl", "sim", "crashctl", "autoctl", "mem", "llmctl");
        final List<List<String>> ran = new ArrayList<>();

        @Override
        public List<String> split(String line) {
            return Arrays.stream(line.strip().split("\\s+"))
                    .filter(w -> !w.isEmpty())
                    .toList();
        }

        @Override
        public ParsedCommand parse(List<String> words) {
            if (!GROUPS.contains(words.getFirst())
                    && !Set.of("ps", "run", "exit").contains(words.getFirst())) {
                throw new KosException("Unmatched argument at index 0: '" + words.getFirst() + "'");
            }
            int k = GROUPS.contains(words.getFirst()) && words.size() > 1 ? 2 : 1;
            Map<String, List<String>> opts = new LinkedHashMap<>();
            List<String> pos = new ArrayList<>();
            for (int i = k; i < words.size(); i++) {
                String w = words.get(i);
                if (w.startsWith("--")) {
                    opts.put(w, w.equals("--order") && i + 1 < words.size() ? List.of(words.get(++i)) : List.of());
                } else {
                    pos.add(w);
                }
            }
            return new ParsedCommand(words.subList(0, k), opts, pos, List.of(), opts.containsKey("--help"));
        }

        @Override
        public Execution execute(List<String> words) {
            ran.add(words);
            return new Execution(0, "");
        }
    }

    static final StateSnapshot STATE = PromptEncoderTest.snapshot(List.of(PromptEncoderTest.proc(7, "leaker")));
    final Sandbox sandbox = new Sandbox(new FakeLayer());

    @Test
    void extractsMarkersAndFencesOnly() {
        String answer = """
                The leak is pid 7. You could Run: sim seed 3 if you like (mid-sentence: ignored).
                Run: `task kill 7`
                - Execute: memctl compact
                **Command:** ps
                ```sh
                $ memctl status
                # a comment
                kos> schedctl stats
                ```
                """;
        List<CommandExtractor.Proposal> p = CommandExtractor.extract(answer).proposals();
        assertEquals(
                List.of("task kill 7", "memctl compact", "ps", "memctl status"),
                p.stream().map(CommandExtractor.Proposal::line).toList());
        assertEquals(1, CommandExtractor.extract(answer).dropped());
    }

    @Test
    void allowsBoundedCommandsOnly() {
        assertTrue(sandbox.judge("memctl compact", STATE).allowed());
        assertTrue(sandbox.judge("task kill 7", STATE).allowed());
        assertTrue(sandbox.judge("memctl fragindex --order 9", STATE).allowed());
        Map<String, String> refused = new LinkedHashMap<>();
        for (String bad : List.of(
                "task kill 1",
                "task kill 7 8",
                "task kill -1",
                "sim seed 1",
                "sim run 10s",
                "run /tmp/x.kos",
                "memctl free 3",
                "memctl fragindex --order 99",
                "memctl reclaim 999GiB",
                "llmctl ask hi",
                "exit",
                "memctl compact; exit",
                "memctl compact && sim seed 1",
                "ps | sh",
                "ps $(reboot)",
                "ps `id`",
                "memctl compact\u001b[2J",
                "memctl compact\u202e",
                "x".repeat(300),
                "rm -rf /",
                "schedctl policy edf --bound 2",
                "schedctl priorities 7 -20")) {
            Verdict v = sandbox.judge(bad, STATE);
            assertFalse(v.allowed(), bad);
            refused.put(bad, v.reason());
        }
        assertTrue(refused.get("task kill 1").contains("not a process the snapshot names"), refused.toString());
        assertTrue(refused.get("sim seed 1").contains("changes the seed"), refused.toString());
        assertTrue(refused.get("memctl compact; exit").contains("';'"), refused.toString());
    }

    @Test
    void suggestRunsNothingAutoRunsAllowedConfirmWithoutTerminalRunsNothing() {
        FakeLayer layer = new FakeLayer();
        Sandbox sb = new Sandbox(layer);
        kos.llm.backend.Backend fixed = new kos.llm.backend.Backend() {
            public String name() {
                return "fixed";
            }

            public String describe() {
                return "fixed";
            }

            public Reply ask(String q, StateSnapshot s, String p) {
                return Reply.text("Run: memctl compact\nRun: sim seed 1\nRun: task kill 7");
            }
        };
        LlmAudit audit = new LlmAudit();
        var r = StateInference.ask("q", Mode.SUGGEST, fixed, STATE, sb, null, audit, ns -> {});
        assertTrue(layer.ran.isEmpty());
        assertEquals(2, r.verdicts().stream().filter(Verdict::allowed).count());
        r = StateInference.ask(
                "q", Mode.CONFIRM, fixed, STATE, sb, StateInference.Confirmer.NO_TERMINAL, audit, ns -> {});
        assertTrue(layer.ran.isEmpty());
        assertTrue(
                r.notes().stream().anyMatch(n -> n.contains("needs a terminal")),
                r.notes().toString());
        r = StateInference.ask("why?", Mode.AUTO, fixed, STATE, sb, null, audit, ns -> {});
        assertEquals(List.of(List.of("memctl", "compact"), List.of("task", "kill", "7")), layer.ran);
        assertEquals(2, audit.last(10).size());
        assertEquals("why?", audit.last(10).getFirst().question());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("changes the seed")));
    }

    @Test
    void autoModeRunsNothingTheModelMarksAsUnderItsConfidenceThreshold() {
        FakeLayer layer = new FakeLayer();
        kos.llm.backend.Backend unsure = new kos.llm.backend.Backend() {
            public String name() {
                return "unsure";
            }

            public String describe() {
                return "unsure";
            }

            public Reply ask(String q, StateSnapshot s, String p) {
                return new Reply(
                        "Run: memctl compact",
                        "compact",
                        0.5,
                        List.of(),
                        new Signals("act", 0.6, 0.5, 0.01, 0.4, true));
            }
        };
        LlmAudit audit = new LlmAudit();
        var r = StateInference.ask("q", Mode.AUTO, unsure, STATE, new Sandbox(layer), null, audit, ns -> {});
        assertTrue(layer.ran.isEmpty());
        assertTrue(audit.last(10).isEmpty());
        assertTrue(
                r.notes().stream().anyMatch(n -> n.contains("confidence 0.40")),
                r.notes().toString());
    }
}
