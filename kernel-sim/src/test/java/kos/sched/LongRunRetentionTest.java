package kos.sched;

import kos.sim.Simulation;
import kos.sim.Trace;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long run keeps a bounded number of tasks: finished tasks beyond the retention are retired into
 * counts and histograms, and the report stays what it was (exact counts, sums and maxima; quantiles
 * within HdrHistogram's 3 significant digits).
 */
class LongRunRetentionTest {
    private static final long MS = 1_000_000;
    private static final int JOBS = 30_000, KEEP = 1_000;

    private static Scheduler run(int retention) {
        Simulation sim = new Simulation(5);
        Scheduler s = new Scheduler(sim, Scheduler.Config.DEFAULT.withCpus(2), PolicyRegistry.standard(), "cfs", Map.of());
        sim.install(Scheduler.class, s);
        s.setFinishedTaskRetention(retention);
        SplittableRandom r = new SplittableRandom(5);
        double t = 0;
        for (int i = 0; i < JOBS; i++) {
            t += -StrictMath.log(1 - r.nextDouble()) / 1.6; // per ms: about 80% of two CPUs
            s.spawnAfter(Math.round(t * MS), TaskSpec.job("j" + i, Distribution.exp(MS).sample(r, i)));
        }
        sim.runUntil(s::quiescent, Long.MAX_VALUE / 4);
        assertTrue(s.quiescent());
        return s;
    }

    private static void close(double exact, double estimate, double relative, String what) {
        assertTrue(Math.abs(exact - estimate) <= relative * Math.abs(exact) + 1e-6, what + ": exact " + exact + ", estimate " + estimate);
    }

    private static void sameSummary(SchedMetrics.Summary exact, SchedMetrics.Summary est, String what) {
        assertEquals(exact.count(), est.count(), what + " count");
        close(exact.mean(), est.mean(), 1e-9, what + " mean");
        close(exact.p50(), est.p50(), 2e-3, what + " p50");
        close(exact.p95(), est.p95(), 2e-3, what + " p95");
        close(exact.p99(), est.p99(), 2e-3, what + " p99");
        assertEquals(exact.max(), est.max(), what + " max");
    }

    @Test
    void finishedTasksBeyondTheRetentionAreRetired() {
        Scheduler all = run(Integer.MAX_VALUE), bounded = run(KEEP);
        assertEquals(Trace.hex(all.simulation().trace().digest()), Trace.hex(bounded.simulation().trace().digest()),
                "retention changes what is kept, not what happens");

        assertEquals(JOBS, all.tasks().size());
        assertEquals(KEEP, bounded.tasks().size(), "the finished tasks kept");
        assertEquals(KEEP, bounded.tasksTable().retained(), "task objects the scheduler still references");
        assertEquals(JOBS, bounded.spawnedCount());
        assertEquals(JOBS - KEEP, bounded.retiredCount());
        assertNull(bounded.task(all.tasks().get(0).pid()), "the oldest finished task is gone");
        assertEquals(all.recentDispatches(10), bounded.recentDispatches(10));

        SchedMetrics a = all.metrics(), b = bounded.metrics();
        assertEquals(a.stats(), b.stats());
        assertEquals(a.all().tasks(), b.all().tasks());
        assertEquals(a.all().finished(), b.all().finished());
        assertEquals(a.all().switches(), b.all().switches());
        assertEquals(a.all().migrations(), b.all().migrations());
        close(a.all().overheadMs(), b.all().overheadMs(), 1e-9, "overhead");
        close(a.jainFairness(), b.jainFairness(), 1e-9, "fairness");
        sameSummary(a.all().responseMs(), b.all().responseMs(), "response");
        sameSummary(a.all().turnaroundMs(), b.all().turnaroundMs(), "turnaround");
        sameSummary(a.all().waitMs(), b.all().waitMs(), "wait");
        sameSummary(a.all().slowdown(), b.all().slowdown(), "slowdown");
        sameSummary(a.all().boundedSlowdown(), b.all().boundedSlowdown(), "bounded slowdown");
        assertEquals(a.all().wakeLatencyMs(), b.all().wakeLatencyMs());
    }

    @Test
    void belowTheRetentionTheReportIsExactlyTheSame() {
        Scheduler all = run(Integer.MAX_VALUE), justEnough = run(JOBS);
        assertEquals(0, justEnough.retiredCount());
        assertEquals(all.metrics(), justEnough.metrics());
    }

    @Test
    void theTableReleasesChunksOfRetiredTasks() {
        TaskTable table = new TaskTable();
        int n = 10 * TaskTable.CHUNK;
        for (int i = 0; i < n; i++) {
            table.add(new Task(null, i, TaskSpec.spinner("t" + i, 0), 0));
        }
        for (int i = 0; i < n - 5; i++) {
            table.retire(i);
        }
        assertEquals(5, table.retained());
        assertEquals(5, table.list().size());
        assertNull(table.get(0));
        assertEquals(n - 1, table.get(n - 1).index());
    }
}
