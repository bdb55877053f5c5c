package kos.sched;

import kos.sim.Quantities;
import kos.sim.Simulation;
import kos.sim.Workload;
import kos.sim.WorkloadParams;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static kos.sched.SchedTestSupport.MS;
import static kos.sched.SchedTestSupport.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleTest {
    @Test
    void everyTaskIsAProcessAndAKillTakesItOffTheRunQueueForGood() {
        for (String policy : List.of("cfs", "eevdf", "rr", "fifo", "mlfq", "srpt", "edf")) {
            Scheduler s = SchedTestSupport.scheduler(1, 1, CostModel.DEFAULT, policy, Map.of());
            Simulation sim = s.simulation();
            Task a = s.spawn(TaskSpec.spinner("a", 0));
            Task b = s.spawn(TaskSpec.spinner("b", 0));
            Task io = s.spawn(new TaskSpec("io", 0, TaskClass.IO_BOUND, Distribution.fixed(MS), Distribution.fixed(5 * MS), 0, 0, 0, null, -1));
            assertEquals("task", sim.processes().get(a.pid()).kind());
            sim.runFor(100 * MS);
            // kill one whatever its state (running, queued or blocked), as the OOM killer would
            sim.processes().kill(a.pid(), "oom");
            sim.processes().kill(io.pid(), "oom");
            long aCpu = a.cpuTimeNs(), ioCpu = io.cpuTimeNs();
            sim.runFor(S);
            assertEquals(Task.State.KILLED, a.state(), policy);
            assertEquals(aCpu, a.cpuTimeNs(), policy + ": a killed task never runs again");
            assertEquals(ioCpu, io.cpuTimeNs(), policy + ": a killed blocked task never wakes");
            assertTrue(b.cpuTimeNs() > 900 * MS, policy + ": the survivor gets the CPU: " + b.cpuTimeNs());
            assertEquals(2, s.stats().killed());
            assertEquals(1, s.stats().liveTasks());
        }
    }

    @Test
    void finishedTasksExitTheirProcess() {
        Scheduler s = SchedTestSupport.scheduler(2, 2, CostModel.DEFAULT, "cfs", Map.of());
        Task t = s.spawn(new TaskSpec("short", 0, TaskClass.BATCH, Distribution.fixed(MS), Distribution.fixed(MS), 10 * MS, 0, 0, null, -1));
        s.simulation().runFor(S);
        assertEquals(Task.State.DONE, t.state());
        assertEquals(10 * MS, t.cpuTimeNs());
        assertEquals(10, t.bursts());
        assertFalse(s.simulation().processes().isAlive(t.pid()));
        assertEquals(1, s.simulation().processes().exitedCount());
    }

    /** A stand-in for a memory workload: remembers its owner and whether it was stopped. */
    static final class FakeMemWorkload implements Workload {
        static final List<FakeMemWorkload> CREATED = new ArrayList<>();
        final long owner;
        boolean started, stopped;

        FakeMemWorkload(long owner) {
            this.owner = owner;
        }

        public String name() {
            return "fakeleak";
        }

        public String describe() {
            return "fake leak for " + owner;
        }

        public void start(Simulation sim) {
            started = true;
        }

        public void stop(Simulation sim) {
            stopped = true;
        }
    }

    @Test
    void memoryWorkloadsAreStartedWithTheOwnerAndStoppedWhenTheTaskDies() {
        Scheduler s = SchedTestSupport.scheduler(3, 1, CostModel.DEFAULT, "cfs", Map.of());
        List<FakeMemWorkload> created = new ArrayList<>();
        s.simulation().workloads().register(new Workload.Factory() {
            public String name() {
                return "fakeleak";
            }

            public String summary() {
                return "test";
            }

            public Set<String> options() {
                return Set.of("rate", "owner");
            }

            public Workload create(Simulation sim, WorkloadParams p) {
                p.string("rate", "1MiB/s");
                FakeMemWorkload w = new FakeMemWorkload(p.integer("owner", -1, 1, Long.MAX_VALUE));
                created.add(w);
                return w;
            }
        });
        Task t = s.spawn(TaskSpec.spinner("leaky", 0));
        int id = s.attachWorkload(t.pid(), "fakeleak", Map.of("rate", "1MiB/s"));
        assertEquals(1, created.size());
        assertEquals(t.pid(), created.get(0).owner);
        assertTrue(created.get(0).started);
        assertThrows(kos.sim.KosException.class, () -> s.attachWorkload(t.pid(), "fakeleak", Map.of("owner", "7")));
        s.simulation().runFor(10 * MS);
        s.simulation().processes().kill(t.pid(), "oom");
        assertTrue(created.get(0).stopped, "the workload stops with its task");
        assertTrue(s.simulation().workloads().running().stream().noneMatch(r -> r.id() == id));
    }

    @Test
    void nonOraclePoliciesCannotSeeTheFuture() {
        PolicyRegistry reg = PolicyRegistry.withBuiltins();
        reg.register(new kos.sched.policy.BuiltinPolicies.Simple("cheat", "reads the oracle without declaring it", Set.of(),
                (ctx, p) -> new CheatingPolicy(ctx)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JobReplay.run("cheat", Map.of(), JobReplay.parseList("3,2,1"), reg));
        assertTrue(e.getMessage().contains("needsOracle"), e.getMessage());
    }

    /** Tries to sort by true remaining work without declaring it. */
    static final class CheatingPolicy implements SchedulingPolicy {
        private final SchedContext ctx;
        private final kos.sched.policy.TaskList q = new kos.sched.policy.TaskList();

        CheatingPolicy(SchedContext ctx) {
            this.ctx = ctx;
        }

        public String name() {
            return "cheat";
        }

        public String describe() {
            return "cheat";
        }

        public void enqueue(SchedTask t, EnqueueReason why) {
            ctx.oracle().remainingWorkNs(t);
            q.addLast(t.index());
        }

        public void dequeue(SchedTask t, EnqueueReason why) {
            q.remove(t.index());
        }

        public SchedTask pickNext(int cpu) {
            int i = q.poll();
            return i < 0 ? null : ctx.task(i);
        }

        public int size() {
            return q.size();
        }

        public long sliceNs(SchedTask t, int cpu) {
            return Long.MAX_VALUE;
        }

        public void stopped(SchedTask t, long ranNs) {
        }

        public boolean shouldPreempt(SchedTask running, long ranNs, SchedTask woken) {
            return false;
        }
    }

    @Test
    void switchingPolicyMidRunKeepsEveryTaskAndConservesWork() {
        Scheduler s = SchedTestSupport.scheduler(4, 2, CostModel.DEFAULT, "cfs", Map.of());
        s.simulation().workloads().start("mixed", new WorkloadParams(Map.of("tasks", "80", "load", "0.9")));
        String[] order = {"rr", "eevdf", "mlfq", "srpt", "edf", "fifo", "sjf", "stcf", "cfs"};
        for (String p : order) {
            s.simulation().runFor(500 * MS);
            s.setPolicy(p, Map.of());
            assertEquals(p, s.policy().name());
        }
        s.simulation().runUntil(s::quiescent, 600 * S);
        assertTrue(s.quiescent(), "every task finished after all the switches");
        assertEquals(80, s.stats().completed());
        long cpu = s.tasks().stream().mapToLong(Task::cpuTimeNs).sum();
        assertEquals(s.stats().busyNs(), cpu);
        long work = s.tasks().stream().mapToLong(t -> t.spec().workNs()).sum();
        assertEquals(work, cpu, "each task received exactly its work");
        assertTrue(s.recentDispatches(5000).stream().anyMatch(d -> d.reason().equals("policy")));
    }

    @Test
    void badPolicyParametersLeaveThePolicyInPlace() {
        Scheduler s = SchedTestSupport.scheduler(5, 2, CostModel.DEFAULT, "cfs", Map.of());
        assertThrows(kos.sim.KosException.class, () -> s.setPolicy("rr", Map.of("quantum", "fast")));
        assertThrows(kos.sim.KosException.class, () -> s.setPolicy("rr", Map.of("quantom", "1ms")));
        assertThrows(kos.sim.KosException.class, () -> s.setPolicy("nope", Map.of()));
        assertEquals("cfs", s.policy().name());
    }

    @Test
    void costsAreChargedAndCounted() {
        Scheduler s = SchedTestSupport.scheduler(6, 1, new CostModel(2_000, 100_000, 10 * MS), "rr", Map.of("quantum", "1ms"));
        Task a = s.spawn(TaskSpec.spinner("a", 0).withWorkingSet(Quantities.MIB));
        Task b = s.spawn(TaskSpec.spinner("b", 0));
        s.simulation().runFor(100 * MS);
        SchedStats st = s.stats();
        assertTrue(st.switches() >= 90, "RR alternates every quantum: " + st.switches());
        assertEquals(st.taskChanges() - 1, st.involuntarySwitches(), "all but the first dispatch preempted a runnable task");
        assertEquals(st.voluntarySwitches() + st.involuntarySwitches(), st.switches(), "switches = voluntary + involuntary");
        // b has no working set: 2 us per switch; a refills 1 MiB at 100 us/MiB x coldness (away 1 ms of 10 ms)
        assertEquals(a.overheadNs() + b.overheadNs(), st.overheadNs());
        assertTrue(a.overheadNs() > b.overheadNs() * 3, "the refill penalty grows with the working set");
        assertEquals(100 * MS, a.cpuTimeNs() + b.cpuTimeNs() + st.overheadNs(), 2 * MS, "time is either work or overhead");
    }

    @Test
    void affinityPinsAndMigrationsAreCounted() {
        Scheduler s = SchedTestSupport.scheduler(7, 2, CostModel.DEFAULT, "cfs", Map.of());
        Task[] t = new Task[3];
        for (int i = 0; i < 3; i++) {
            t[i] = s.spawn(TaskSpec.spinner("t" + i, 0).withCpu(1));
        }
        s.simulation().runFor(S);
        for (Task x : t) {
            assertEquals(1, x.lastCpu(), "pinned tasks stay on cpu 1");
        }
        assertEquals(0, s.stats().migrations());
        s.setAffinity(t[0].pid(), -1);
        s.setAffinity(t[1].pid(), -1);
        s.simulation().runFor(S);
        assertTrue(s.stats().migrations() >= 1, "the balancer moved an unpinned task to the idle cpu");
        assertTrue(s.stats().utilisation() > 0.7);
    }

    @Test
    void observersSeeEveryEvent() {
        Scheduler s = SchedTestSupport.scheduler(8, 1, CostModel.ZERO, "stcf", Map.of());
        long[] n = new long[5];
        s.addObserver(new SchedObserver() {
            public void onDispatch(int cpu, SchedTask task, DispatchReason reason) {
                n[0]++;
            }

            public void onPreempt(int cpu, SchedTask task, long ranNs) {
                n[1]++;
            }

            public void onBlock(SchedTask task, long burstNs) {
                n[2]++;
            }

            public void onWakeup(SchedTask task) {
                n[3]++;
            }

            public void onComplete(SchedTask task, boolean killed) {
                n[4]++;
            }
        });
        s.spawn(TaskSpec.job("long", 100 * MS));
        s.spawnAfter(10 * MS, TaskSpec.job("short", 5 * MS));
        s.spawn(new TaskSpec("io", 0, TaskClass.IO_BOUND, Distribution.fixed(MS), Distribution.fixed(50 * MS), 3 * MS, 0, 0, null, -1));
        s.simulation().runUntil(s::quiescent, 10 * S);
        assertEquals(s.stats().dispatches(), n[0]);
        assertTrue(n[1] >= 1, "the short job preempted the long one");
        assertEquals(2, n[2], "the io task blocked between its three bursts");
        assertEquals(3 + 2, n[3], "three arrivals and two I/O wakeups");
        assertEquals(3, n[4]);
        assertEquals(s.stats().dispatches(), s.recentDispatches(100).size());
    }
}
