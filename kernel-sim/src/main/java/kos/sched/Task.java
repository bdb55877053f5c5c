package kos.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A simulated task as the engine keeps it: its spec, its state, what it has received and waited,
 * and (hidden from policies) how much work it has left. Policies see it as a {@link SchedTask};
 * the shell reads the public getters for {@code ps} and {@code schedctl tasks}.
 */
public final class Task implements SchedTask {
    /** Where a task is in its life. */
    public enum State { RUNNABLE, RUNNING, BLOCKED, DONE, KILLED }

    final Scheduler owner;
    final int index;
    final TaskSpec spec;
    long pid;
    int nice, weight;
    int pinned;
    int admittedCpu = -1;
    State state = State.RUNNABLE;
    int queueCpu = -1, cpu = -1, lastCpu = -1;
    int livePos = -1;
    final long arrivalNs;
    long firstRunNs = -1, endNs = -1, lastRunEndNs = -1;
    long runnableSinceNs, wokeAtNs = -1;
    long cpuTimeNs, waitNs, overheadNs;
    long remainingBurstNs;
    long remainingWorkNs;
    long currentBurstNs, lastBurstNs, avgBurstNs, bursts, burstDraws, ioDraws;
    long wakeups, voluntary, involuntary, migrations;
    // realtime jobs: a ring of (absolute deadline, work) for released, unfinished jobs
    long[] jobDeadline = new long[0], jobWork = new long[0];
    int jobHead, jobCount;
    long jobsReleased, jobsDone, misses;
    boolean releasing;
    final List<Integer> ownedWorkloads = new ArrayList<>(0);
    // policy-owned (see SchedTask): CFS/EEVDF, EEVDF, EDF, MLFQ
    long vruntime;
    long vdeadline, lag;
    long serverDeadlineNs, serverBudgetNs;
    int level;
    long levelUsedNs, boostEpoch;

    Task(Scheduler owner, int index, TaskSpec spec, long nowNs) {
        this.owner = owner;
        this.index = index;
        this.spec = spec;
        this.nice = spec.nice();
        this.weight = Weights.of(spec.nice());
        this.pinned = spec.cpu();
        this.arrivalNs = nowNs;
        this.runnableSinceNs = nowNs;
        this.remainingWorkNs = spec.realtime() != null || spec.workNs() == 0 ? Long.MAX_VALUE : spec.workNs();
    }

    public TaskSpec spec() {
        return spec;
    }

    public State state() {
        return state;
    }

    /** The CPU it runs on, or -1. */
    public int cpu() {
        return cpu;
    }

    /** The per-CPU queue it belongs to (-1 before it first became runnable; 0 for a global queue). */
    public int queueCpu() {
        return queueCpu;
    }

    public long firstRunNs() {
        return firstRunNs;
    }

    /** When it finished or was killed, or -1. */
    public long endNs() {
        return endNs;
    }

    public long overheadNs() {
        return overheadNs;
    }

    public long voluntarySwitches() {
        return voluntary;
    }

    public long involuntarySwitches() {
        return involuntary;
    }

    public long migrations() {
        return migrations;
    }

    public long jobsReleased() {
        return jobsReleased;
    }

    public long jobsDone() {
        return jobsDone;
    }

    /** Realtime jobs that finished after their deadline, plus unfinished ones already past it at {@code nowNs}. */
    public long deadlineMisses(long nowNs) {
        long m = misses;
        for (int k = 0; k < jobCount; k++) {
            if (jobDeadline[(jobHead + k) % jobDeadline.length] < nowNs) {
                m++;
            }
        }
        return m;
    }

    public boolean finished() {
        return state == State.DONE || state == State.KILLED;
    }

    void pushJob(long deadline, long work) {
        if (jobCount == jobDeadline.length) {
            int n = Math.max(4, jobDeadline.length * 2);
            long[] d = new long[n], w = new long[n];
            for (int k = 0; k < jobCount; k++) {
                d[k] = jobDeadline[(jobHead + k) % jobDeadline.length];
                w[k] = jobWork[(jobHead + k) % jobWork.length];
            }
            jobDeadline = d;
            jobWork = w;
            jobHead = 0;
        }
        int slot = (jobHead + jobCount) % jobDeadline.length;
        jobDeadline[slot] = deadline;
        jobWork[slot] = work;
        jobCount++;
    }

    /** Pops the oldest job and returns its deadline. */
    long popJob() {
        long d = jobDeadline[jobHead];
        jobHead = (jobHead + 1) % jobDeadline.length;
        jobCount--;
        return d;
    }

    long headJobWork() {
        return jobWork[jobHead];
    }

    long pendingJobWork() {
        long s = 0;
        for (int k = 0; k < jobCount; k++) {
            s += jobWork[(jobHead + k) % jobWork.length];
        }
        return s;
    }

    // ---- SchedTask ----

    @Override
    public int index() {
        return index;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public int nice() {
        return nice;
    }

    @Override
    public int weight() {
        return weight;
    }

    @Override
    public TaskClass taskClass() {
        return spec.taskClass();
    }

    @Override
    public TaskSpec.Periodic realtime() {
        return spec.realtime();
    }

    @Override
    public long jobDeadlineNs() {
        return jobCount == 0 ? Long.MAX_VALUE : jobDeadline[jobHead];
    }

    @Override
    public int pinnedCpu() {
        return pinned;
    }

    @Override
    public long arrivalNs() {
        return arrivalNs;
    }

    /** CPU time received so far, including the current stint if it is running. */
    @Override
    public long cpuTimeNs() {
        return state == State.RUNNING ? cpuTimeNs + owner.ranSoFar(cpu) : cpuTimeNs;
    }

    @Override
    public long lastBurstNs() {
        return lastBurstNs;
    }

    @Override
    public long avgBurstNs() {
        return avgBurstNs;
    }

    @Override
    public long currentBurstNs() {
        return currentBurstNs;
    }

    @Override
    public long bursts() {
        return bursts;
    }

    @Override
    public long runnableSinceNs() {
        return runnableSinceNs;
    }

    @Override
    public long totalWaitNs() {
        return waitNs;
    }

    @Override
    public long lastRunEndNs() {
        return lastRunEndNs;
    }

    @Override
    public int lastCpu() {
        return lastCpu;
    }

    @Override
    public long wakeups() {
        return wakeups;
    }

    @Override
    public long vruntime() {
        return vruntime;
    }

    @Override
    public void vruntime(long v) {
        vruntime = v;
    }

    @Override
    public long vdeadline() {
        return vdeadline;
    }

    @Override
    public void vdeadline(long d) {
        vdeadline = d;
    }

    @Override
    public long lag() {
        return lag;
    }

    @Override
    public void lag(long l) {
        lag = l;
    }

    @Override
    public long serverDeadlineNs() {
        return serverDeadlineNs;
    }

    @Override
    public void serverDeadlineNs(long d) {
        serverDeadlineNs = d;
    }

    @Override
    public long serverBudgetNs() {
        return serverBudgetNs;
    }

    @Override
    public void serverBudgetNs(long b) {
        serverBudgetNs = b;
    }

    @Override
    public int level() {
        return level;
    }

    @Override
    public void level(int l) {
        level = l;
    }

    @Override
    public long levelUsedNs() {
        return levelUsedNs;
    }

    @Override
    public void levelUsedNs(long ns) {
        levelUsedNs = ns;
    }

    @Override
    public long boostEpoch() {
        return boostEpoch;
    }

    @Override
    public void boostEpoch(long epoch) {
        boostEpoch = epoch;
    }

    @Override
    public String toString() {
        return "task " + pid + " (" + spec.name() + ", " + state + ")";
    }

    static long[] grow(long[] a) {
        return Arrays.copyOf(a, Math.max(4, a.length * 2));
    }
}
