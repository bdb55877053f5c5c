package kos.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every worked example of the reference (OSTEP ch. 7-8) through the replay engine, to two decimals. */
class JobReplayTextbookTest {
    private static final PolicyRegistry REG = PolicyRegistry.withBuiltins();

    private static JobReplay.Result run(String policy, Map<String, String> params, List<JobReplay.Job> jobs) {
        return JobReplay.run(policy, params, jobs, REG);
    }

    private static void expect(JobReplay.Result r, double response, double turnaround, double wait) {
        assertEquals(response, JobReplay.round2(r.avgResponse()), 1e-9, "response");
        assertEquals(turnaround, JobReplay.round2(r.avgTurnaround()), 1e-9, "turnaround");
        assertEquals(wait, JobReplay.round2(r.avgWait()), 1e-9, "wait");
    }

    @Test
    void fifoEqualJobs() {
        JobReplay.Result r = run("fifo", Map.of(), JobReplay.parseList("10,10,10"));
        assertEquals(20.0, JobReplay.round2(r.avgTurnaround()));
    }

    @Test
    void fifoConvoyAndSjf() {
        expect(run("fifo", Map.of(), JobReplay.parseList("100,10,10")), 70, 110, 70);
        expect(run("sjf", Map.of(), JobReplay.parseList("100,10,10")), 10, 50, 10);
    }

    @Test
    void sjfAndStcfWithLateArrivals() {
        List<JobReplay.Job> jobs =
                List.of(new JobReplay.Job("A", 0, 100), new JobReplay.Job("B", 10, 10), new JobReplay.Job("C", 10, 10));
        assertEquals(103.33, JobReplay.round2(run("sjf", Map.of(), jobs).avgTurnaround()));
        JobReplay.Result stcf = run("stcf", Map.of(), jobs);
        assertEquals(50.0, JobReplay.round2(stcf.avgTurnaround()));
        assertEquals(3.33, JobReplay.round2(stcf.avgResponse()));
        // SRPT equals STCF for single-burst jobs
        assertEquals(50.0, JobReplay.round2(run("srpt", Map.of(), jobs).avgTurnaround()));
    }

    @Test
    void roundRobin() {
        expect(run("rr", Map.of("quantum", "1"), JobReplay.parseList("5,5,5")), 1.00, 14.00, 9.00);
        expect(run("rr", Map.of("quantum", "1"), JobReplay.parseList("100,200,300")), 1.00, 465.67, 265.67);
    }

    @Test
    void fifo100200300() {
        JobReplay.Result r = run("fifo", Map.of(), JobReplay.parseList("100,200,300"));
        assertEquals(333.33, JobReplay.round2(r.avgTurnaround()));
        assertEquals(133.33, JobReplay.round2(r.avgResponse()));
    }

    @Test
    void fiveJobs() {
        List<JobReplay.Job> jobs = JobReplay.parseList("9,8,5,3,6");
        expect(run("fifo", Map.of(), jobs), 14.60, 20.80, 14.60);
        expect(run("sjf", Map.of(), jobs), 9.40, 15.60, 9.40);
        expect(run("rr", Map.of("quantum", "1"), jobs), 2.00, 24.60, 18.40);
        expect(run("rr", Map.of("quantum", "2"), jobs), 4.00, 25.60, 19.40);
    }

    @Test
    void mlfqChapter8() {
        List<JobReplay.Job> jobs = List.of(new JobReplay.Job("A", 0, 200), new JobReplay.Job("B", 100, 20));
        JobReplay.Result r = run("mlfq", Map.of("quantum", "10", "levels", "3"), jobs);
        assertEquals(120.0, r.jobs().get(1).completion());
        assertEquals(20.0, r.jobs().get(1).turnaround());
        assertEquals(220.0, r.jobs().get(0).completion());
    }

    @Test
    void csvWithHeaderAndTies() {
        List<JobReplay.Job> jobs =
                JobReplay.parseCsv("id,arrival,length\n# comment\nA,0,100\nB,0,10\nC,0,10\n", "test");
        assertEquals(3, jobs.size());
        expect(run("sjf", Map.of(), jobs), 10, 50, 10);
    }

    @Test
    void allPoliciesFinishEveryJob() {
        for (PolicyFactory f : REG.all()) {
            JobReplay.Result r = run(f.name(), Map.of(), JobReplay.parseList("9,8,5,3,6"));
            double total = r.jobs().stream()
                    .mapToDouble(JobReplay.JobResult::completion)
                    .max()
                    .orElseThrow();
            assertEquals(31.0, total, 1e-9, f.name() + " is work-conserving: the last job ends at the sum of lengths");
        }
    }

    @Test
    void cacheAffinityCentralQueueAndAffinity() {
        // OSTEP multi-CPU chapter: 2 CPUs, caches of 100, warm after 10 units, 2x when warm, slice 10
        JobReplay.Machine m = new JobReplay.Machine(2, 100, 10, 2, 30);
        List<JobReplay.Job> central = List.of(
                new JobReplay.Job("a", 0, 100, 100, -1),
                new JobReplay.Job("b", 0, 100, 50, -1),
                new JobReplay.Job("c", 0, 100, 50, -1));
        JobReplay.Result r = JobReplay.run("rr", Map.of("quantum", "10"), central, REG, m);
        assertEquals(
                150.0,
                r.jobs().stream()
                        .mapToDouble(JobReplay.JobResult::completion)
                        .max()
                        .orElseThrow(),
                1e-9,
                "one central queue");
        List<JobReplay.Job> pinned = List.of(
                new JobReplay.Job("a", 0, 100, 100, 0),
                new JobReplay.Job("b", 0, 100, 50, 1),
                new JobReplay.Job("c", 0, 100, 50, 1));
        JobReplay.Result p = JobReplay.run("rr", Map.of("quantum", "10"), pinned, REG, m);
        assertEquals(
                110.0,
                p.jobs().stream()
                        .mapToDouble(JobReplay.JobResult::completion)
                        .max()
                        .orElseThrow(),
                1e-9,
                "with affinity");
        assertEquals(55.0, p.jobs().get(0).completion(), 1e-9, "a alone on cpu 0: 10 cold, then 90 at 2x");
        JobReplay.Result q = JobReplay.run("rr", Map.of("quantum", "10", "queues", "per-cpu"), central, REG, m);
        assertEquals(
                100.0,
                q.jobs().stream()
                        .mapToDouble(JobReplay.JobResult::completion)
                        .max()
                        .orElseThrow(),
                1e-9,
                "per-CPU queues with stealing every 30");
    }
}
