package kos.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * SRPT minimises mean completion time on one preemptive machine (Schrage 1968), so on any job set
 * no other policy may beat it; and every policy is work-conserving, so all finish the last job at
 * the same time. Checked on 150 random job sets with random arrivals.
 */
class SrptOptimalityTest {
    @Test
    void noPolicyBeatsSrptOnMeanTurnaround() {
        PolicyRegistry reg = PolicyRegistry.withBuiltins();
        SplittableRandom r = new SplittableRandom(2024);
        for (int set = 0; set < 150; set++) {
            List<JobReplay.Job> jobs = new ArrayList<>();
            int n = 2 + r.nextInt(8);
            for (int i = 0; i < n; i++) {
                jobs.add(new JobReplay.Job("j" + i, r.nextInt(50), 1 + r.nextInt(40)));
            }
            JobReplay.Result srpt = JobReplay.run("srpt", Map.of(), jobs, reg);
            double end = last(srpt);
            for (PolicyFactory f : reg.all()) {
                JobReplay.Result other = JobReplay.run(f.name(), Map.of(), jobs, reg);
                assertTrue(
                        srpt.avgTurnaround() <= other.avgTurnaround() + 1e-9,
                        () -> "set " + jobs + ": srpt " + srpt.avgTurnaround() + " > " + f.name() + " "
                                + other.avgTurnaround());
                assertEquals(end, last(other), 1e-9, f.name() + " is work-conserving on " + jobs);
            }
        }
    }

    private static double last(JobReplay.Result r) {
        return r.jobs().stream()
                .mapToDouble(JobReplay.JobResult::completion)
                .max()
                .orElseThrow();
    }
}
