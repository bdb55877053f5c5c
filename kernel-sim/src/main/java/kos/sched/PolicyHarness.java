package kos.sched;

import kos.sim.SeedStream;
import kos.sim.Telemetry;
import kos.sim.Trace;
import kos.sim.WorkloadParams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Drives one run-queue policy in isolation, without the engine's events: a fixed population of
 * always-runnable tasks on one CPU and a clock that advances by what each picked task runs. For
 * benchmarks (decisions per second) and for unit-testing a new policy, such as the attention
 * scheduler, against the protocol of {@link SchedulingPolicy}.
 *
 * <p>One {@link #step} is one scheduling decision: pick, ask the slice, run
 * {@code min(slice, maxRunNs)} (or until the task's current job ends, when a new job of random
 * size starts at once, so oracle policies see changing remaining work), account, re-enqueue.
 */
public final class PolicyHarness {
    /** The job sizes: the harness's seed itself (docs/architecture.md, seed table). */
    static final SeedStream JOBS = SeedStream.given("sched.harness.jobs");

    private final SchedulingPolicy policy;
    private final List<Task> tasks = new ArrayList<>();
    private final SplittableRandom random;
    private final long meanJobNs;
    private final Trace trace = new Trace(4096);
    private long now;

    /**
     * @param tasks     how many runnable tasks (nice values spread over -5..5)
     * @param meanJobNs mean size of the jobs the oracle reports (exponential)
     */
    public PolicyHarness(PolicyRegistry registry, String policyName, Map<String, String> params, int tasks, long meanJobNs, long seed) {
        this.random = JOBS.random(seed);
        this.meanJobNs = meanJobNs;
        PolicyFactory f = registry.get(policyName);
        Ctx ctx = new Ctx();
        WorkloadParams wp = new WorkloadParams(params);
        this.policy = f.create(ctx, wp);
        wp.rejectUnused("policy", policyName, f.options());
        ctx.oracleAllowed = policy.needsOracle();
        for (int i = 0; i < tasks; i++) {
            int nice = (i % 11) - 5;
            Task t = new Task(null, i, TaskSpec.spinner("t" + i, nice), now);
            t.pid = i + 1;
            t.remainingBurstNs = job();
            t.remainingWorkNs = t.remainingBurstNs;
            this.tasks.add(t);
            policy.enqueue(t, EnqueueReason.NEW);
        }
    }

    private long job() {
        return Math.max(1, Math.round(-meanJobNs * StrictMath.log(1 - random.nextDouble())));
    }

    public SchedulingPolicy policy() {
        return policy;
    }

    public long now() {
        return now;
    }

    /** The trace the policy records into through {@link SchedContext#trace()} (the harness records nothing itself). */
    public Trace trace() {
        return trace;
    }

    /** One decision; returns the task that ran. */
    public SchedTask step(long maxRunNs) {
        SchedTask picked = policy.pickNext(0);
        Task t = (Task) picked;
        long slice = policy.sliceNs(t, 0);
        long ran = Math.min(Math.min(slice, maxRunNs), t.remainingBurstNs);
        now += ran;
        t.cpuTimeNs += ran;
        t.remainingBurstNs -= ran;
        t.remainingWorkNs -= ran;
        t.lastRunEndNs = now;
        t.lastCpu = 0;
        policy.stopped(t, ran);
        if (t.remainingBurstNs <= 0) {
            t.remainingBurstNs = job();
            t.remainingWorkNs = t.remainingBurstNs;
        }
        t.runnableSinceNs = now;
        policy.enqueue(t, EnqueueReason.SLICE_EXPIRED);
        return t;
    }

    private final class Ctx implements SchedContext, Oracle {
        boolean oracleAllowed;

        public long now() {
            return now;
        }

        public SchedTask task(int index) {
            return tasks.get(index);
        }

        public int cpuCount() {
            return 1;
        }

        public Trace trace() {
            return trace;
        }

        public Telemetry telemetry() {
            return Telemetry.NONE;
        }

        public Oracle oracle() {
            if (!oracleAllowed) {
                throw new IllegalStateException("policy did not declare needsOracle()");
            }
            return this;
        }

        public long remainingBurstNs(SchedTask t) {
            return ((Task) t).remainingBurstNs;
        }

        public long remainingWorkNs(SchedTask t) {
            return ((Task) t).remainingWorkNs;
        }
    }
}
