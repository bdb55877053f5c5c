package kos.shell.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import kos.sched.Scheduler;
import kos.shell.CommandRunner;
import kos.shell.CommandSplitter;
import kos.shell.Session;
import kos.sim.Simulation;
import kos.sim.Workload;
import kos.sim.WorkloadParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchedShellTest {
    private StringWriter out, err;
    private Session session;
    private CommandRunner runner;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void setUp() {
        out = new StringWriter();
        err = new StringWriter();
        session = new Session(new PrintWriter(out, true), new PrintWriter(err, true));
        runner = new CommandRunner(session);
    }

    private int run(String line) {
        return runner.execute(CommandSplitter.split(line), null);
    }

    /** Runs a --json command and parses its stdout. */
    private JsonNode runJson(String line) throws Exception {
        out.getBuffer().setLength(0);
        assertEquals(0, run(line + " --json"), () -> "failed: " + line + "\n" + err);
        return json.readTree(out.toString());
    }

    private String runText(String line) {
        out.getBuffer().setLength(0);
        int code = run(line);
        assertEquals(0, code, () -> "failed: " + line + "\n" + err);
        return out.toString();
    }

    private void averages(String line, double response, double turnaround, double wait) throws Exception {
        JsonNode r = runJson("sched replay " + line);
        assertEquals(response, Math.round(r.get("avgResponse").asDouble() * 100) / 100.0, 1e-9, line + " response");
        assertEquals(
                turnaround, Math.round(r.get("avgTurnaround").asDouble() * 100) / 100.0, 1e-9, line + " turnaround");
        assertEquals(wait, Math.round(r.get("avgWait").asDouble() * 100) / 100.0, 1e-9, line + " wait");
    }

    @Test
    void everyWorkedExampleOfTheReferenceThroughSchedReplay() throws Exception {
        assertEquals(
                20.0,
                runJson("sched replay --policy fifo --list 10,10,10")
                        .get("avgTurnaround")
                        .asDouble(),
                1e-9);
        averages("--policy fifo --list 100,10,10", 70, 110, 70);
        averages("--policy sjf --list 100,10,10", 10, 50, 10);
        averages("--policy sjf --jobs ../examples/jobs/ostep-late-arrivals.csv", 63.33, 103.33, 63.33);
        JsonNode stcf = runJson("sched replay --policy stcf --jobs ../examples/jobs/ostep-late-arrivals.csv");
        assertEquals(50.0, stcf.get("avgTurnaround").asDouble(), 1e-9);
        assertEquals(3.33, Math.round(stcf.get("avgResponse").asDouble() * 100) / 100.0, 1e-9);
        averages("--policy rr --quantum 1 --list 5,5,5", 1.00, 14.00, 9.00);
        averages("--policy rr --quantum 1 --list 100,200,300", 1.00, 465.67, 265.67);
        averages("--policy fifo --list 100,200,300", 133.33, 333.33, 133.33);
        averages("--policy fifo --list 9,8,5,3,6", 14.60, 20.80, 14.60);
        averages("--policy sjf --list 9,8,5,3,6", 9.40, 15.60, 9.40);
        averages("--policy rr --quantum 1 --list 9,8,5,3,6", 2.00, 24.60, 18.40);
        averages("--policy rr --quantum 2 --jobs ../examples/jobs/five-jobs.csv", 4.00, 25.60, 19.40);
        JsonNode mlfq = runJson("sched replay --policy mlfq --quantum 10 --jobs ../examples/jobs/ostep-mlfq.csv");
        assertEquals(220.0, mlfq.get("jobs").get(0).get("completion").asDouble(), 1e-9);
        assertEquals(120.0, mlfq.get("jobs").get(1).get("completion").asDouble(), 1e-9);
        assertEquals(20.0, mlfq.get("jobs").get(1).get("turnaround").asDouble(), 1e-9);
    }

    private double lastCompletion(String line) throws Exception {
        double max = 0;
        for (JsonNode j : runJson("sched replay " + line).get("jobs")) {
            max = Math.max(max, j.get("completion").asDouble());
        }
        return max;
    }

    @Test
    void cacheAffinityExampleThroughSchedReplay() throws Exception {
        String m = " --cpus 2 --cache 100 --warmup 10 --warm-rate 2 --policy rr --quantum 10 ";
        assertEquals(150.0, lastCompletion(m + "--jobs ../examples/jobs/ostep-cache.csv"), 1e-9);
        assertEquals(110.0, lastCompletion(m + "--jobs ../examples/jobs/ostep-cache-affinity.csv"), 1e-9);
        assertEquals(100.0, lastCompletion(m + "--param queues=per-cpu --jobs ../examples/jobs/ostep-cache.csv"), 1e-9);
    }

    @Test
    void replayPrintsTwoDecimalsAndAverages() {
        String text = runText("sched replay --policy sjf --list 100,10,10");
        assertTrue(text.contains("average"), text);
        assertTrue(text.contains("50.00") && text.contains("10.00"), text);
    }

    @Test
    void statsWorkOnAFreshSessionAndJsonIsOneDocument() throws Exception {
        JsonNode s = runJson("schedctl stats");
        assertEquals("cfs", s.get("stats").get("policy").asText());
        assertEquals(2, s.get("stats").get("cpus").asInt());
    }

    @Test
    void mixedWorkloadFromAFreshSession() throws Exception {
        assertEquals(0, run("workload start mixed --tasks 200 --load 0.85"), err::toString);
        assertEquals(0, run("sim run 60s"));
        JsonNode s = runJson("schedctl stats");
        assertEquals(200, s.get("stats").get("spawned").asInt());
        assertTrue(s.get("all").get("turnaroundMs").get("p99").asDouble() > 0);
        assertTrue(s.get("byClass").size() >= 3, "per-class metrics");
        JsonNode trace = runJson("schedctl trace 5");
        assertEquals(5, trace.size());
        assertTrue(trace.get(0).has("reason"));
        JsonNode tasks = runJson("schedctl tasks --all");
        assertEquals(200, tasks.size());
    }

    @Test
    void cpusCanBeSetBeforeTasksOnly() throws Exception {
        assertEquals(4, runJson("schedctl cpus 4").get("cpus").asInt());
        run("task spawn hog");
        out.getBuffer().setLength(0);
        assertEquals(CommandRunner.FAILED, run("schedctl cpus 8"));
        assertTrue(err.toString().contains("before any task exists"), err.toString());
    }

    @Test
    void policySwitchQuantumAndErrors() throws Exception {
        assertEquals(
                "rr", runJson("schedctl policy rr --quantum 5ms").get("name").asText());
        assertTrue(runJson("schedctl quantum 2ms").get("description").asText().contains("2.000ms"));
        assertTrue(
                runText("schedctl policy").startsWith("policy: rr quantum=2.000ms"),
                "a bare 'schedctl policy' only shows");
        assertEquals(CommandRunner.FAILED, run("schedctl policy nosuch"));
        assertTrue(err.toString().contains("unknown scheduling policy 'nosuch'"), err.toString());
        assertEquals(CommandRunner.FAILED, run("schedctl policy rr --quantom 1ms"));
        assertTrue(err.toString().contains("unknown option --quantom"), err.toString());
        run("schedctl policy cfs");
        assertEquals(CommandRunner.FAILED, run("schedctl quantum 1ms"));
        assertTrue(err.toString().contains("has no quantum"));
        assertFalse(err.toString().contains("Exception"), "no stack traces: " + err);
    }

    @Test
    void taskSpawnKillPsPrioritiesAffinity() throws Exception {
        JsonNode t = runJson("task spawn editor --class interactive --burst exp:2ms --io exp:20ms --lifetime 5s");
        long pid = t.get("pid").asLong();
        run("task spawn hog --nice 5 --ws 1MiB");
        run("task spawn audio --wcet 1ms --period 10ms");
        run("sim run 500ms");
        JsonNode ps = runJson("ps");
        assertEquals(3, ps.size());
        assertEquals("task", ps.get(0).get("kind").asText());
        assertEquals(
                -3,
                runJson("schedctl priorities " + pid + " -3").get(0).get("nice").asInt());
        assertEquals("1", runJson("schedctl affinity " + pid + " 1").get("cpu").asText());
        assertEquals(0, run("task kill " + pid));
        assertEquals(2, runJson("ps").size());
        assertEquals(CommandRunner.FAILED, run("task spawn bad --burst exp:"));
        assertEquals(CommandRunner.FAILED, run("task spawn bad --nice 40"));
        assertEquals(CommandRunner.FAILED, run("task spawn rt --wcet 20ms --period 10ms"));
        assertFalse(err.toString().contains("internal error"), err.toString());
    }

    @Test
    void taskSpawnCarriesAMemoryWorkloadWithItsOwner() throws Exception {
        List<String> owners = new ArrayList<>();
        List<Boolean> stopped = new ArrayList<>();
        session.onNewSimulation(sim -> sim.workloads().register(new Workload.Factory() {
            public String name() {
                return "leak";
            }

            public String summary() {
                return "fake";
            }

            public Set<String> options() {
                return Set.of("rate", "owner");
            }

            public Workload create(Simulation sim, WorkloadParams p) {
                p.rate("rate", 0);
                owners.add(p.string("owner", null));
                return new Workload() {
                    public String name() {
                        return "leak";
                    }

                    public String describe() {
                        return "fake leak";
                    }

                    public void start(Simulation s) {}

                    public void stop(Simulation s) {
                        stopped.add(true);
                    }
                };
            }
        }));
        JsonNode t = runJson("task spawn leaky --mem \"leak --rate 1MiB/s\"");
        long pid = t.get("pid").asLong();
        assertEquals(List.of(Long.toString(pid)), owners);
        assertEquals(1, t.get("workloads").size());
        run("task kill " + pid);
        assertEquals(List.of(true), stopped);
        assertEquals(CommandRunner.FAILED, run("task spawn x --mem \"nosuch --a b\""));
    }

    @Test
    void sameScriptSameDigest() {
        String[] script = {"schedctl policy eevdf", "workload start mixed --tasks 50 --load 0.9", "sim run 5s"};
        for (String l : script) {
            run(l);
        }
        long d1 = session.sim().trace().digest();
        setUp();
        for (String l : script) {
            run(l);
        }
        assertEquals(d1, session.sim().trace().digest());
        assertTrue(session.sim().find(Scheduler.class).isPresent());
    }
}
