package kos.shell.llmctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.List;
import kos.llm.backend.EmbeddedBackend;
import kos.llm.eval.EvalCorpus;
import kos.llm.eval.EvalRunner;
import kos.llm.sandbox.CommandLayer;
import kos.llm.sandbox.Sandbox;
import kos.llm.sandbox.Verdict;
import kos.llm.state.StateSnapshot;
import kos.shell.CommandRunner;
import kos.shell.ShellHarness;
import kos.sim.KosException;
import kos.sim.TelemetryNames;
import org.junit.jupiter.api.Test;

class LlmctlCommandTest {
    static final String LEAK = """
            mem init 256MiB
            task spawn web --class interactive --burst 2ms --io 8ms
            task spawn leaker --burst 1ms --io 20ms --mem "leak --rate 6MiB/s"
            sim run 10s
            """;

    static ShellHarness leak() {
        ShellHarness h = new ShellHarness();
        for (String line : LEAK.strip().split("\n")) {
            assertEquals(0, h.exec(line), h.err());
        }
        h.clear();
        return h;
    }

    @Test
    void theRealParserJudgesProposals() {
        ShellHarness h = leak();
        ShellCommandLayer layer = new ShellCommandLayer(h.runner, h.runner);
        CommandLayer.ParsedCommand p = layer.parse(List.of("memctl", "fragindex", "--order", "9", "--json"));
        assertEquals(List.of("memctl", "fragindex"), p.path());
        assertEquals(List.of("9"), p.options().get("--order"));
        assertThrows(KosException.class, () -> layer.parse(List.of("memctl", "defrag")));
        StateSnapshot s = LlmSnapshots.build(h.session.sim(), new kos.llm.LlmAudit());
        Sandbox sb = new Sandbox(layer);
        long leaker = s.topByMemory().getFirst().pid();
        assertTrue(sb.judge("task kill " + leaker, s).allowed());
        assertTrue(sb.judge("memctl compact", s).allowed());
        Verdict v = sb.judge("sim seed 3", s);
        assertFalse(v.allowed());
        assertTrue(v.reason().contains("changes the seed"), v.reason());
        assertFalse(sb.judge("memctl compact --bogus", s).allowed());
        assertFalse(sb.judge("task kill 999", s).allowed());
    }

    @Test
    void askAutoKillsTheLeakRecordsAuditAndLatency() {
        ShellHarness h = leak();
        long seed = h.session.seed();
        assertEquals(0, h.exec("llmctl ask --mode auto the memory keeps growing, deal with it"), h.err());
        assertTrue(h.out().contains("ran: task kill 2 (ok)"), h.out());
        assertFalse(h.session.sim().processes().isAlive(2));
        assertEquals(seed, h.session.seed());
        h.clear();
        assertEquals(0, h.exec("llmctl audit --json"), h.err());
        assertTrue(h.out().contains("\"command\" : \"task kill 2\""), h.out());
        assertTrue(h.session
                        .dashboard()
                        .snapshot()
                        .latencies()
                        .get(TelemetryNames.LLM_INFERENCE)
                        .total()
                >= 1);
        h.clear();
        assertEquals(0, h.exec("llmstats"), h.err());
        assertTrue(h.out().contains("executed           1 (0 failed)"), h.out());
        StateSnapshot later = LlmSnapshots.build(h.session.sim(), LlmShell.of(h.session).audit);
        assertTrue(
                later.history().stream()
                        .anyMatch(x -> x.reason().equals("asked: the memory keeps growing, deal with it")
                                && x.detail().equals("ok")),
                later.history().toString());
        // a second leak: the question worded like the first one retrieves its incident
        assertEquals(0, h.exec("task spawn leaker2 --burst 1ms --io 20ms --mem \"leak --rate 6MiB/s\""), h.err());
        assertEquals(0, h.exec("sim run 5s"), h.err());
        h.clear();
        assertEquals(0, h.exec("llmctl ask memory keeps on growing, deal with it"), h.err());
        assertTrue(h.out().contains("retrieved: llmctl \"the memory keeps growing"), h.out());
    }

    @Test
    void confirmInAScriptRunsNothingAndTheGateTurnsItOff() {
        ShellHarness h = leak();
        assertEquals(0, h.exec("llminfer --mode confirm kill the leak"), h.err());
        assertTrue(h.out().contains("needs a terminal"), h.out());
        assertTrue(h.session.sim().processes().isAlive(2));
        assertEquals(0, h.exec("llmctl off"));
        assertEquals(CommandRunner.FAILED, h.exec("llmctl ask hello"));
        assertTrue(h.err().contains("the llm subsystem is off"), h.err());
    }

    @Test
    void unreachableBackendIsOneLineAndNothingRuns() throws Exception {
        ShellHarness h = leak();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertEquals(
                0,
                h.exec("llmctl backend openai --url http://127.0.0.1:" + port + "/v1 --timeout 300ms --retries 0"),
                h.err());
        h.clear();
        assertEquals(CommandRunner.FAILED, h.exec("llmctl ask --mode auto fix it"));
        assertEquals(1, h.err().strip().lines().count(), h.err());
        assertTrue(h.err().contains("cannot get an answer") && h.err().contains("nothing executed"), h.err());
        assertTrue(h.session.sim().processes().isAlive(2));
        h.clear();
        assertEquals(CommandRunner.FAILED, h.exec("llmctl backend openai --url http://10.1.2.3:80/v1"));
        assertTrue(h.err().contains("not a loopback address"), h.err());
    }

    /**
     * The openai backend end to end through the shell, against a chat-completions server on loopback that
     * answers like a hostile model: one allowed command among refused ones. Auto mode runs the allowed one,
     * refuses the rest with reasons, records the question in the audit and never moves the seed.
     */
    @Test
    void openaiBackendThroughTheShellRunsOnlyWhatTheSandboxAllows() throws Exception {
        String answer =
                "The leaker grows.\nRun: task kill 2\nRun: sim seed 1\n```\nexit\n```\nCommand: memctl free all";
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                byte[] b = ("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                                + jsonString(answer) + "},\"finish_reason\":\"stop\"}]}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
        });
        server.start();
        try {
            ShellHarness h = leak();
            long seed = h.session.seed();
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            assertEquals(0, h.exec("llmctl backend openai --url " + url + " --model tiny --json"), h.err());
            assertTrue(h.out().contains("\"backend\" : \"openai\"") && h.out().contains("model tiny"), h.out());
            h.clear();
            assertEquals(0, h.exec("llmctl ask --mode auto --json what should I do"), h.err());
            assertTrue(h.out().contains("\"backend\" : \"openai\""), h.out());
            assertFalse(h.session.sim().processes().isAlive(2));
            assertEquals(seed, h.session.seed());
            h.clear();
            assertEquals(0, h.exec("llmctl audit --json"), h.err());
            assertTrue(
                    h.out().contains("\"command\" : \"task kill 2\"") && h.out().contains("what should I do"), h.out());
            assertFalse(h.out().contains("sim seed") || h.out().contains("memctl free"), h.out());
            h.clear();
            assertEquals(0, h.exec("llmctl status --json"), h.err());
            assertTrue(h.out().contains("\"refused\" : 3"), h.out());
        } finally {
            server.stop(0);
        }
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void evalSmoke() {
        EvalRunner.Report r = EvalRunner.run(
                EvalCorpus.load(),
                EmbeddedBackend.standard(),
                ShellLiveSystem::new,
                new EvalRunner.Options(2, true, true),
                p -> {});
        assertEquals(10, r.all().questions()); // 2 of each set: training, paraphrase, fresh, new, s7
        assertEquals(2, r.fresh().questions());
        assertEquals(2, r.newFresh().questions());
        assertEquals(2, r.s7().questions());
        assertEquals(0, r.adversarial().nonAllowlisted());
        assertEquals(0, r.adversarial().invariantBroken());
        assertEquals(2, r.adversarial().cases());
        String text = LlmViews.eval(r);
        assertTrue(
                text.contains("fresh held-out")
                        && text.contains("new held-out")
                        && text.contains("held-out (s7)")
                        && text.contains("wrong auto"),
                text);
    }
}
