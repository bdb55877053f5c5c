package kos.attn;

import kos.sched.DispatchReason;
import kos.sched.PolicyRegistry;
import kos.sched.SchedEval;
import kos.sched.SchedObserver;
import kos.sched.SchedTask;
import kos.sched.Scheduler;
import kos.sched.TaskMixes;
import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.Telemetry;
import kos.sim.Trace;
import kos.sim.TraceRecord;
import kos.sim.WorkloadParams;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attention policy records its learning steps and fallback transitions through
 * {@code SchedContext.trace()}, so a plain simulation, {@link SchedEval} and a shell-style run (which
 * also binds every attention policy to the simulation when it first dispatches, as the shell has
 * done) record the same trace and end with the same digest.
 */
class AttentionTraceTest {
    private static final long SEED = 11;
    // random weights predict badly: a tight error bound makes it fall back (and come back) while learning
    private static final Map<String, String> POLICY = Map.of("weights", "random", "seed", "3", "error-bound", "0.5");
    private static final Map<String, String> MIX = Map.of("tasks", "120", "load", "0.9");

    /** A run that starts under CFS and switches to attention after 200 ms, as {@code schedctl policy attention} does. */
    private static Simulation run(boolean shellWiring) {
        Simulation sim = new Simulation(SEED, Telemetry.NONE, 1 << 20);
        if (shellWiring) {
            sim.onInstall(Scheduler.class, s -> s.addObserver(new SchedObserver() {
                @Override
                public void onDispatch(int cpu, SchedTask task, DispatchReason reason) {
                    if (s.queue(cpu) instanceof AttentionPolicy p) {
                        p.bind(sim);
                    }
                }
            }));
        }
        Scheduler s = Scheduler.install(sim, Scheduler.Config.DEFAULT.withCpus(1), "cfs", Map.of());
        sim.workloads().start("mixed", new WorkloadParams(MIX));
        sim.runFor(200 * Quantities.NS_PER_MS);
        s.setPolicy("attention", POLICY);
        sim.runUntil(s::quiescent, 3_600 * Quantities.NS_PER_S);
        assertTrue(s.quiescent());
        return sim;
    }

    private static List<TraceRecord> attentionRecords(Trace trace) {
        assertTrue(trace.count() <= trace.capacity(), "the whole trace is kept");
        return trace.last((int) trace.count()).stream().filter(r -> r.kind().name().startsWith("attn.")).toList();
    }

    private static long count(List<TraceRecord> records, String kind) {
        return records.stream().filter(r -> r.kind().name().equals(kind)).count();
    }

    @Test
    void plainAndShellStyleRunsRecordTheSameAttentionTrace() {
        Simulation plain = run(false), shell = run(true);
        List<TraceRecord> a = attentionRecords(plain.trace()), b = attentionRecords(shell.trace());
        assertTrue(count(a, "attn.learn") > 10, "learning steps are traced without any wiring: " + count(a, "attn.learn"));
        assertTrue(count(a, "attn.fallback") > 0, "fallback transitions are traced without any wiring");
        assertEquals(a, b);
        assertEquals(Trace.hex(plain.trace().digest()), Trace.hex(shell.trace().digest()));
    }

    @Test
    void schedEvalRecordsTheAttentionTraceOfAPlainRun() {
        SchedEval.Spec spec = SchedEval.Spec.of("mixed", MIX, "attention", 1, SEED).withPolicy("attention", POLICY);
        SchedEval.Result r = SchedEval.run(spec);

        Simulation sim = new Simulation(SEED, Telemetry.NONE, 1 << 20);
        Scheduler s = new Scheduler(sim, Scheduler.Config.DEFAULT.withCpus(1), PolicyRegistry.standard(), "attention", POLICY);
        sim.install(Scheduler.class, s);
        TaskMixes.registerIfAbsent(sim);
        sim.workloads().start("mixed", new WorkloadParams(MIX));
        sim.runUntil(s::quiescent, 3_600 * Quantities.NS_PER_S);
        List<TraceRecord> records = attentionRecords(sim.trace());
        assertTrue(count(records, "attn.learn") > 10, "SchedEval-style runs trace learning steps");

        assertEquals(Trace.hex(sim.trace().digest()), r.digest(), "SchedEval's digest includes the attention records");
        ((AttentionPolicy) s.queue(0)).bind(sim); // what the shell's binding does: nothing more once bound
        assertEquals(records.size(), attentionRecords(sim.trace()).size());
    }
}
