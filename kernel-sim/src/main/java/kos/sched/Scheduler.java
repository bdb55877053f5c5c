package kos.sched;

import kos.sim.EventTarget;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.RandomStreams;
import kos.sim.Simulation;
import kos.sim.Telemetry;
import kos.sim.Trace;
import kos.sim.TraceKind;
import kos.sim.WorkloadCatalog;
import kos.sim.WorkloadParams;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The simulated CPU scheduler: N CPUs, run queues governed by a {@link SchedulingPolicy}, tasks
 * that alternate CPU bursts and I/O, switch and cache costs, load balancing, and the metrics.
 * Installed in a {@link Simulation} as a component ({@link #of(Simulation)} creates it with two
 * CPUs and CFS on first use).
 *
 * <p><b>Events.</b> Arrivals, burst or slice ends (one pending per CPU, made stale by a per-CPU
 * generation counter), I/O completions, realtime job releases, a deferred reschedule per CPU and
 * the periodic load balancer. A waking task never dispatches directly: it marks the CPU for a
 * reschedule at the same virtual time, so every task that becomes runnable at that instant is
 * queued before the policy picks (SJF picks the shortest of jobs arriving together).
 *
 * <p><b>Costs.</b> See {@link CostModel}: charged at dispatch as time the CPU spends before the
 * task runs. Context switches are counted as voluntary (the task blocked or finished) or
 * involuntary (slice over or preempted, and another task got the CPU).
 *
 * <p><b>Processes.</b> Every task is a process ({@code kind "task"}); when a process is killed by
 * anyone, its task leaves the run queue for good, and workloads attached to it with
 * {@link #attachWorkload} are stopped.
 *
 * <p>Not thread-safe: it belongs to its simulation's thread.
 */
public final class Scheduler implements EventTarget {
    public static final int MAX_CPUS = 64;
    /** The process kind of tasks in {@code sim.processes()}. */
    public static final String PROCESS_KIND = "task";
    /** Finished tasks kept by default (about 0.9 KB each) before the oldest are retired into counts and histograms. */
    public static final int DEFAULT_FINISHED_RETENTION = 8192;

    static final TraceKind DISPATCH = TraceKind.of("sched.dispatch", "pid", "cpu", "reason");
    static final TraceKind END = TraceKind.of("sched.exit", "pid", "killed", "cpuNs");
    static final TraceKind MIGRATE = TraceKind.of("sched.migrate", "pid", "from", "to");
    static final TraceKind MISS = TraceKind.of("sched.miss", "pid", "job", "lateNs");
    static final TraceKind POLICY = TraceKind.of("sched.policy", "name");
    static final TraceKind REJECT = TraceKind.of("sched.reject", "index");

    private static final int K_ARRIVE = 1, K_SLICE = 2, K_WAKE = 3, K_RELEASE = 4, K_RESCHED = 5;

    /**
     * Machine settings.
     *
     * @param cpus               1..64
     * @param balanceIntervalNs  period of the load balancer for per-CPU policies
     * @param boundedSlowdownNs  the tau of bounded slowdown (10 ms, or 10 units in {@code sched replay})
     * @param newIdleBalance     whether a CPU that runs out of work pulls a task at once (as Linux's
     *                           new-idle balance) rather than waiting for the periodic balancer
     */
    public record Config(int cpus, CostModel costs, long balanceIntervalNs, long boundedSlowdownNs, boolean newIdleBalance) {
        public static final Config DEFAULT = new Config(2, CostModel.DEFAULT, 4 * Quantities.NS_PER_MS, 10 * Quantities.NS_PER_MS, true);

        public Config {
            if (cpus < 1 || cpus > MAX_CPUS) {
                throw new KosException("cpus " + cpus + " is out of range: expected 1.." + MAX_CPUS);
            }
            if (balanceIntervalNs <= 0 || boundedSlowdownNs <= 0) {
                throw new KosException("the balance interval and the bounded-slowdown threshold must be positive");
            }
        }

        public Config withCpus(int n) {
            return new Config(n, costs, balanceIntervalNs, boundedSlowdownNs, newIdleBalance);
        }

        public Config withCosts(CostModel c) {
            return new Config(cpus, c, balanceIntervalNs, boundedSlowdownNs, newIdleBalance);
        }
    }

    /** The active policy: its name, the parameters it was given and its own description. */
    public record PolicyInfo(String name, Map<String, String> params, String description, Topology topology) {
    }

    /** One dispatch decision, for {@code schedctl trace}. */
    public record DispatchRecord(long timeNs, int cpu, long pid, String task, long prevPid, String reason) {
    }

    private final Simulation sim;
    private final PolicyRegistry registry;
    private Config config;
    private final List<SchedObserver> observers = new ArrayList<>();
    private final TaskTable tasks = new TaskTable();
    private final TreeMap<Long, Task> byPid = new TreeMap<>();
    private final ArrayDeque<Task> finishedKept = new ArrayDeque<>();
    private final RetiredTasks retired = new RetiredTasks();
    private int finishedRetention = DEFAULT_FINISHED_RETENTION;
    private final ArrayList<Task> live = new ArrayList<>();
    private final ArrayList<TaskSpec> pendingArrivals = new ArrayList<>();
    private final long createdNs;

    // policy
    private PolicyFactory factory;
    private Map<String, String> policyParams = Map.of();
    private SchedulingPolicy[] queues;
    private boolean perCpu;
    private Context context;
    private WarmCache warm;

    // CPUs
    private Task[] cur;
    private Task[] lastOnCpu;
    private long[] runStartNs, dispatchNs;
    private long[] gen;
    private boolean[] needResched;
    private boolean balancerStarted;
    private int generators;

    // counters
    private int pendingArrivalsLeft;
    private DispatchReason[] idleReason;
    private long spawned, completed, killed, rejected, dispatches, switches, voluntary, involuntary, migrations;
    private long overheadNs, busyNs, rtJobs, misses, workloadInstances;
    private long firstArrivalNs = -1, lastEndNs = -1;
    private final LatencyHistogram wakeLatency = new LatencyHistogram();
    private final LatencyHistogram[] wakeLatencyByClass = new LatencyHistogram[TaskClass.values().length];

    private final DispatchRing dispatchRing = new DispatchRing();
    private final LoadBalancer balancer = new LoadBalancer(this);

    /** Creates a scheduler for {@code sim} without installing it (see {@link #install}). */
    public Scheduler(Simulation sim, Config config, PolicyRegistry registry, String policy, Map<String, String> params) {
        this.sim = sim;
        this.registry = registry;
        this.config = config;
        this.createdNs = sim.now();
        for (int i = 0; i < wakeLatencyByClass.length; i++) {
            wakeLatencyByClass[i] = new LatencyHistogram();
        }
        allocateCpus();
        installPolicy(registry.get(policy), params);
    }

    /** The scheduler of {@code sim}, installing one with {@link Config#DEFAULT} and CFS on first use. */
    public static Scheduler of(Simulation sim) {
        return sim.find(Scheduler.class).orElseGet(() -> install(sim, Config.DEFAULT, "cfs", Map.of()));
    }

    /** Creates and installs a scheduler; fails if one is installed. Registers the task-mix workloads. */
    public static Scheduler install(Simulation sim, Config config, String policy, Map<String, String> params) {
        Scheduler s = new Scheduler(sim, config, PolicyRegistry.standard(), policy, params);
        sim.install(Scheduler.class, s);
        TaskMixes.registerIfAbsent(sim);
        return s;
    }

    public Simulation simulation() {
        return sim;
    }

    public Config config() {
        return config;
    }

    public int cpuCount() {
        return config.cpus();
    }

    public PolicyRegistry registry() {
        return registry;
    }

    // ------------------------------------------------------------------ configuration

    /** Sets the CPU count; only before the first task is spawned. */
    public void setCpuCount(int n) {
        if (tasks.spawned() > 0) {
            throw new KosException("the CPU count can only be set before any task exists (use 'sim reset' first)");
        }
        config = config.withCpus(n);
        allocateCpus();
        installPolicy(factory, policyParams);
    }

    public void setCosts(CostModel costs) {
        config = config.withCosts(costs);
    }

    /**
     * Switches to OSTEP's warm-cache speed model (see {@link WarmCache}) instead of refill
     * penalties; only before any task exists. Used by {@code sched replay --cache}.
     */
    public void useWarmCache(long cacheBytes, long warmupNs, double warmRate) {
        if (tasks.spawned() > 0) {
            throw new KosException("the cache model can only be set before any task exists");
        }
        warm = new WarmCache(cacheBytes, warmupNs, warmRate, config.cpus());
    }

    /** Switches policy by registry name, handing every runnable task to the new one. */
    public void setPolicy(String name, Map<String, String> params) {
        setPolicy(registry.get(name), params);
    }

    public void setPolicy(PolicyFactory f, Map<String, String> params) {
        // build the new queues first so a bad parameter leaves the current policy in place
        Context ctx = new Context();
        SchedulingPolicy[] fresh = createQueues(f, params, ctx);
        List<Task> moving = new ArrayList<>();
        for (int c = 0; c < cur.length; c++) {
            Task t = cur[c];
            if (t != null) {
                long ran = stopCpu(c);
                queues[perCpu ? c : 0].stopped(t, ran);
                t.state = Task.State.RUNNABLE;
                t.runnableSinceNs = sim.now();
                // its burst-end event (if due this very instant) went stale with the CPU: keep it runnable for 1 ns more
                t.remainingBurstNs = Math.max(1, t.remainingBurstNs);
            }
        }
        List<Task> snapshot = new ArrayList<>(live);
        snapshot.sort((a, b) -> Integer.compare(a.index, b.index));
        for (Task t : snapshot) {
            if (t.state == Task.State.RUNNABLE) {
                queueOf(t).dequeue(t, EnqueueReason.POLICY_CHANGE); // a no-op for the tasks just taken off CPUs
                moving.add(t);
            }
            if (t.admittedCpu >= 0) {
                queues[t.admittedCpu].release(t);
                t.admittedCpu = -1;
                t.pinned = t.spec.cpu();
            }
        }
        commitQueues(f, params, fresh, ctx);
        for (Task t : snapshot) {
            if (t.spec.realtime() != null) {
                admit(t); // rejected ones run as background work of the new policy
            }
        }
        for (Task t : moving) {
            place(t, EnqueueReason.POLICY_CHANGE);
        }
        sim.trace().record(POLICY, sim.now(), RandomStreams.fnv1a64(f.name()), 0, 0);
        for (int c = 0; c < cur.length; c++) {
            idleReason[c] = DispatchReason.POLICY;
            requestResched(c);
        }
    }

    public PolicyInfo policy() {
        return new PolicyInfo(factory.name(), policyParams, queues[0].describe(), queues[0].topology());
    }

    /** The policy instance of a run queue (0 for a global queue), for tests and diagnostics. */
    public SchedulingPolicy queue(int cpu) {
        return queues[perCpu ? cpu : 0];
    }

    public void addObserver(SchedObserver o) {
        observers.add(o);
    }

    public void removeObserver(SchedObserver o) {
        observers.remove(o);
    }

    /** Changes a task's nice value (takes effect at its next enqueue). */
    public void setNice(long pid, int nice) {
        Weights.checkNice(nice);
        Task t = require(pid);
        t.nice = nice;
        if (t.state == Task.State.RUNNABLE) {
            // re-queue so the policy's weight sums stay consistent (as if it migrated in place)
            SchedulingPolicy q = queueOf(t);
            q.dequeue(t, EnqueueReason.MIGRATED);
            t.weight = Weights.of(nice);
            q.enqueue(t, EnqueueReason.MIGRATED);
        } else if (t.state == Task.State.RUNNING) {
            // a running task keeps its weight until it leaves the CPU and the policy has accounted it
            pendingNice.put(t.index, nice);
        } else {
            t.weight = Weights.of(nice);
        }
    }

    private final TreeMap<Integer, Integer> pendingNice = new TreeMap<>();

    /** Pins a task to a CPU, or unpins it with -1; a queued task moves at once, a running one at its next wakeup or slice. */
    public void setAffinity(long pid, int cpu) {
        if (cpu < -1 || cpu >= config.cpus()) {
            throw new KosException("cpu " + cpu + " is out of range: expected 0.." + (config.cpus() - 1) + " or 'any'");
        }
        Task t = require(pid);
        if (t.admittedCpu >= 0 && cpu != t.admittedCpu) {
            throw new KosException("task " + pid + " holds a realtime reservation on cpu " + t.admittedCpu + " and cannot move");
        }
        t.pinned = cpu;
        if (perCpu && cpu >= 0 && t.state == Task.State.RUNNABLE && t.queueCpu != cpu) {
            migrate(t, t.queueCpu, cpu);
        }
    }

    // ------------------------------------------------------------------ tasks

    /** Spawns a task that arrives now. Fails (and spawns nothing) if admission control rejects it. */
    public Task spawn(TaskSpec spec) {
        if (spec.cpu() >= config.cpus()) {
            throw new KosException("cpu " + spec.cpu() + " is out of range: this machine has " + config.cpus() + " CPUs");
        }
        Task t = new Task(this, tasks.spawned(), spec, sim.now());
        if (spec.realtime() != null && !admit(t)) {
            rejected++;
            sim.trace().record(REJECT, sim.now(), t.index, 0, 0);
            throw new KosException("admission control rejected realtime task '" + spec.name() + "' (density "
                    + String.format("%.3f", spec.realtime().density()) + "): " + queues[0].describe());
        }
        t.pid = sim.processes().spawn(spec.name(), PROCESS_KIND, (s, pid, byKill, reason) -> finish(byPid.get(pid), byKill));
        tasks.add(t);
        byPid.put(t.pid, t);
        t.livePos = live.size();
        live.add(t);
        spawned++;
        if (firstArrivalNs < 0) {
            firstArrivalNs = sim.now();
        }
        startBalancer();
        if (spec.realtime() != null) {
            t.releasing = true;
            releaseJob(t);
        } else {
            t.remainingBurstNs = nextBurst(t, true);
            makeRunnable(t, EnqueueReason.NEW);
        }
        return t;
    }

    /** Spawns {@code spec} {@code delayNs} from now (same-time arrivals arrive in call order). */
    public void spawnAfter(long delayNs, TaskSpec spec) {
        pendingArrivals.add(spec);
        pendingArrivalsLeft++;
        sim.scheduleAfter(delayNs, this, K_ARRIVE, pendingArrivals.size() - 1);
    }

    /**
     * Starts workload {@code name} on behalf of task {@code pid}, with {@code owner=<pid>} added to
     * its parameters (the memory workloads charge the owner). When the task exits or is killed, the
     * scheduler stops the workload if it is still running.
     *
     * @return the workload id
     */
    public int attachWorkload(long pid, String name, Map<String, String> params) {
        Task t = require(pid);
        if (t.finished()) {
            throw new KosException("task " + pid + " has already exited");
        }
        Map<String, String> p = new LinkedHashMap<>(params);
        if (p.containsKey("owner")) {
            throw new KosException("--owner is set by the task itself");
        }
        p.put("owner", Long.toString(pid));
        int id = sim.workloads().start(name, new WorkloadParams(p));
        t.ownedWorkloads.add(id);
        return id;
    }

    /**
     * The tasks it keeps, in spawn order: every live task and the most recent
     * {@link #finishedTaskRetention()} finished ones (all of them in runs that finish no more).
     */
    public List<Task> tasks() {
        return Collections.unmodifiableList(tasks.list());
    }

    /** Tasks spawned so far, including finished ones it no longer keeps. */
    public long spawnedCount() {
        return tasks.spawned();
    }

    /** Finished tasks no longer kept: folded into the counts and histograms of {@link #metrics()}. */
    public long retiredCount() {
        return retired.count();
    }

    /** How many finished tasks are kept (see {@link #setFinishedTaskRetention}). */
    public int finishedTaskRetention() {
        return finishedRetention;
    }

    /**
     * Keeps at most {@code max} finished tasks (default {@value #DEFAULT_FINISHED_RETENTION});
     * beyond that the oldest finished task is retired whenever another finishes: it leaves
     * {@link #tasks()} and {@link #task(long)}, and {@link #metrics()} keeps its counts, sums and
     * maxima exactly and its distributions in HdrHistograms of {@value RetiredTasks#DIGITS}
     * significant digits, so quantiles become estimates within 0.1% once any task is retired.
     * This bounds what a long run holds. {@link Integer#MAX_VALUE} keeps every task (what
     * {@link JobReplay} and tests over all tasks use).
     */
    public void setFinishedTaskRetention(int max) {
        if (max < 0) {
            throw new KosException("the finished-task retention must not be negative");
        }
        finishedRetention = max;
    }

    /** The table of kept tasks (tests count what a long run holds). */
    TaskTable tasksTable() {
        return tasks;
    }

    /** The task with this pid, or null (never spawned, or finished and retired). */
    public Task task(long pid) {
        return byPid.get(pid);
    }

    private Task require(long pid) {
        Task t = byPid.get(pid);
        if (t == null) {
            throw new KosException("no task with pid " + pid + " (see 'schedctl tasks')");
        }
        return t;
    }

    /** Live tasks. */
    public int liveCount() {
        return live.size();
    }

    /** A workload that spawns tasks over time holds this while it still has tasks to spawn. */
    public void generatorStarted() {
        generators++;
    }

    public void generatorFinished() {
        generators--;
    }

    /** A number for each new task-mix workload, so each draws from its own seeded stream. */
    long nextWorkloadInstance() {
        return ++workloadInstances;
    }

    /** True when no task is alive and no workload or pending arrival will spawn more. */
    public boolean quiescent() {
        return live.isEmpty() && generators == 0 && pendingArrivalsLeft == 0;
    }

    // ------------------------------------------------------------------ events

    @Override
    public void onEvent(Simulation s, int kind, long arg) {
        switch (kind) {
            case K_ARRIVE -> {
                TaskSpec spec = pendingArrivals.get((int) arg);
                pendingArrivals.set((int) arg, null);
                if (--pendingArrivalsLeft == 0) {
                    pendingArrivals.clear(); // no pending event refers to a slot: long runs keep nothing
                }
                try {
                    spawn(spec);
                } catch (KosException rejectedByAdmission) {
                    // counted in stats().rejected() and traced; a scheduled arrival must not abort the run
                }
            }
            case K_SLICE -> {
                int c = (int) (arg & 0xff);
                if (gen[c] == (arg >>> 8)) {
                    sliceEnd(c);
                }
            }
            case K_WAKE -> {
                Task t = tasks.get((int) arg);
                if (t != null && t.state == Task.State.BLOCKED) {
                    t.wakeups++;
                    t.remainingBurstNs = nextBurst(t, false);
                    makeRunnable(t, EnqueueReason.WAKEUP);
                }
            }
            case K_RELEASE -> {
                Task t = tasks.get((int) arg);
                if (t != null && !t.finished()) {
                    releaseJob(t);
                }
            }
            case K_RESCHED -> {
                int c = (int) arg;
                if (needResched[c]) {
                    needResched[c] = false;
                    if (cur[c] == null) {
                        DispatchReason r = idleReason[c] != null ? idleReason[c] : DispatchReason.IDLE;
                        idleReason[c] = null;
                        dispatch(c, r, null);
                    } else {
                        preempt(c);
                    }
                }
            }
            default -> throw new IllegalStateException("unknown scheduler event " + kind);
        }
    }

    private void sliceEnd(int c) {
        Task t = cur[c];
        long ran = stopCpu(c);
        SchedulingPolicy q = queues[perCpu ? c : 0];
        q.stopped(t, ran);
        applyPendingNice(t);
        if (t.remainingBurstNs <= 0) {
            burstDone(t, c);
        } else {
            requeue(t, EnqueueReason.SLICE_EXPIRED);
            dispatch(c, DispatchReason.SLICE, t);
        }
    }

    private void preempt(int c) {
        Task t = cur[c];
        long now = sim.now();
        if (now < runStartNs[c]) {
            long unspent = runStartNs[c] - now;
            overheadNs -= unspent;
            t.overheadNs -= unspent;
            if (t.firstRunNs == runStartNs[c]) {
                t.firstRunNs = -1;
            }
        }
        long ran = stopCpu(c);
        queues[perCpu ? c : 0].stopped(t, ran);
        applyPendingNice(t);
        if (t.remainingBurstNs <= 0) {
            burstDone(t, c);
            return;
        }
        for (int oi = 0; oi < observers.size(); oi++) {
            SchedObserver o = observers.get(oi);
            o.onPreempt(c, t, ran);
        }
        requeue(t, EnqueueReason.PREEMPTED);
        dispatch(c, DispatchReason.PREEMPT, t);
    }

    private void applyPendingNice(Task t) {
        if (!pendingNice.isEmpty()) {
            Integer n = pendingNice.remove(t.index);
            if (n != null) {
                t.weight = Weights.of(n);
            }
        }
    }

    /** Takes the running task off CPU {@code c}, accounts what it ran, and returns that. */
    private long stopCpu(int c) {
        Task t = cur[c];
        long now = sim.now();
        long ran = Math.max(0, now - runStartNs[c]);
        long work = warm == null ? ran : warm.progress(c, t, ran, t.remainingBurstNs);
        t.cpuTimeNs += ran;
        t.currentBurstNs += work;
        t.remainingBurstNs -= work;
        if (t.remainingWorkNs != Long.MAX_VALUE) {
            t.remainingWorkNs -= work;
        }
        busyNs += ran;
        gen[c]++;
        cur[c] = null;
        lastOnCpu[c] = t;
        t.lastRunEndNs = now;
        t.lastCpu = c;
        t.cpu = -1;
        return ran;
    }

    private void requeue(Task t, EnqueueReason why) {
        t.state = Task.State.RUNNABLE;
        t.runnableSinceNs = sim.now();
        queueOf(t).enqueue(t, why);
        if (perCpu && t.pinned >= 0 && t.pinned != t.queueCpu) {
            migrate(t, t.queueCpu, t.pinned); // pinned while it was running
        }
    }

    /** The end of a CPU burst of a task that just left CPU {@code c}. */
    private void burstDone(Task t, int c) {
        long b = t.currentBurstNs;
        t.lastBurstNs = b;
        t.avgBurstNs = t.bursts == 0 ? b : (t.avgBurstNs + b) / 2;
        t.bursts++;
        t.currentBurstNs = 0;
        long now = sim.now();
        TaskSpec spec = t.spec;
        if (spec.realtime() != null) {
            long deadline = t.popJob();
            t.jobsDone++;
            if (now > deadline) {
                t.misses++;
                misses++;
                sim.trace().record(MISS, now, t.pid, t.jobsDone, now - deadline);
            }
            if (t.jobCount > 0) {
                t.remainingBurstNs = t.headJobWork();
                requeue(t, EnqueueReason.SLICE_EXPIRED);
                dispatch(c, DispatchReason.SLICE, t);
            } else if (!t.releasing) {
                complete(t, c);
            } else {
                block(t, c, b);
            }
            return;
        }
        boolean workDone = t.remainingWorkNs <= 0;
        boolean tooOld = spec.lifetimeNs() > 0 && now - t.arrivalNs >= spec.lifetimeNs();
        if (workDone || tooOld) {
            complete(t, c);
        } else if (spec.io() == null) {
            t.remainingBurstNs = nextBurst(t, false);
            requeue(t, EnqueueReason.SLICE_EXPIRED);
            dispatch(c, DispatchReason.SLICE, t);
        } else {
            block(t, c, b);
            long io = spec.io().sample(random(t), t.ioDraws++);
            sim.scheduleAfter(io, this, K_WAKE, t.index);
        }
    }

    private void block(Task t, int c, long burst) {
        t.state = Task.State.BLOCKED;
        t.voluntary++;
        voluntary++;
        for (int oi = 0; oi < observers.size(); oi++) {
            SchedObserver o = observers.get(oi);
            o.onBlock(t, burst);
        }
        dispatch(c, DispatchReason.BLOCK, null);
    }

    private void complete(Task t, int c) {
        t.voluntary++;
        voluntary++;
        finish(t, false);
        sim.processes().exit(t.pid, "finished");
        dispatch(c, DispatchReason.EXIT, null);
    }

    /** Removes a task for good: normal end, or killed by anyone through the process table. */
    private void finish(Task t, boolean byKill) {
        if (t == null || t.finished()) {
            return;
        }
        if (t.state == Task.State.RUNNING && t.cpu >= 0 && cur[t.cpu] == t) {
            int c = t.cpu;
            long ran = stopCpu(c);
            queues[perCpu ? c : 0].stopped(t, ran);
            idleReason[c] = DispatchReason.EXIT;
            requestResched(c);
        } else if (t.state == Task.State.RUNNABLE) {
            queueOf(t).dequeue(t, EnqueueReason.EXIT);
        }
        if (t.admittedCpu >= 0) {
            queues[t.admittedCpu].release(t);
            t.admittedCpu = -1;
        }
        t.state = byKill ? Task.State.KILLED : Task.State.DONE;
        t.endNs = sim.now();
        lastEndNs = sim.now();
        t.releasing = false;
        // swap-remove from the live list
        int p = t.livePos;
        Task last = live.remove(live.size() - 1);
        if (last != t) {
            live.set(p, last);
            last.livePos = p;
        }
        t.livePos = -1;
        if (byKill) {
            killed++;
        } else {
            completed++;
        }
        sim.trace().record(END, sim.now(), t.pid, byKill ? 1 : 0, t.cpuTimeNs);
        finishedKept.addLast(t);
        for (int oi = 0; oi < observers.size(); oi++) {
            SchedObserver o = observers.get(oi);
            o.onComplete(t, byKill);
        }
        if (!t.ownedWorkloads.isEmpty()) {
            WorkloadCatalog wc = sim.workloads();
            for (int id : t.ownedWorkloads) {
                if (wc.running().stream().anyMatch(r -> r.id() == id)) {
                    wc.stop(id);
                }
            }
        }
        if (!pendingNice.isEmpty()) {
            pendingNice.remove(t.index);
        }
        while (finishedKept.size() > finishedRetention) {
            Task old = finishedKept.pollFirst();
            retired.retire(old, sim.now(), config.boundedSlowdownNs());
            tasks.retire(old.index);
            byPid.remove(old.pid);
        }
    }

    private void releaseJob(Task t) {
        TaskSpec.Periodic p = t.spec.realtime();
        long now = sim.now();
        boolean tooOld = t.spec.lifetimeNs() > 0 && now - t.arrivalNs >= t.spec.lifetimeNs();
        if (tooOld || (p.jobs() > 0 && t.jobsReleased >= p.jobs())) {
            t.releasing = false;
            if (t.jobCount == 0 && t.state == Task.State.BLOCKED) {
                finish(t, false);
                sim.processes().exit(t.pid, "finished");
            }
            return;
        }
        long work = p.execution() == null ? p.wcetNs() : p.execution().sample(random(t), t.burstDraws++);
        t.pushJob(now + p.deadlineNs(), work);
        t.jobsReleased++;
        rtJobs++;
        sim.scheduleAfter(p.periodNs(), this, K_RELEASE, t.index);
        if (t.jobsReleased == 1) {
            t.remainingBurstNs = work;
            makeRunnable(t, EnqueueReason.NEW);
        } else if (t.state == Task.State.BLOCKED) {
            t.wakeups++;
            t.remainingBurstNs = work;
            makeRunnable(t, EnqueueReason.WAKEUP);
        }
    }

    private SplittableRandom random(Task t) {
        return sim.random().stream("sched.task");
    }

    private long nextBurst(Task t, boolean first) {
        TaskSpec s = t.spec;
        long b = s.io() == null && s.workNs() > 0 ? s.workNs() : s.burst().sample(random(t), t.burstDraws++);
        return Math.min(b, t.remainingWorkNs);
    }

    // ------------------------------------------------------------------ placement and dispatch

    private SchedulingPolicy queueOf(Task t) {
        return queues[perCpu ? t.queueCpu : 0];
    }

    /** Tasks on CPU {@code c}'s queue plus the one running there (per-CPU queues). */
    int load(int c) {
        return queues[c].size() + (cur[c] != null ? 1 : 0);
    }

    /** Tasks queued on CPU {@code c}'s queue (per-CPU queues). */
    int queued(int c) {
        return queues[c].size();
    }

    boolean perCpu() {
        return perCpu;
    }

    /** The live tasks in no particular order (the engine's own list: read, do not keep). */
    List<Task> liveTasks() {
        return live;
    }

    private void makeRunnable(Task t, EnqueueReason why) {
        t.wokeAtNs = sim.now();
        place(t, why);
        for (int oi = 0; oi < observers.size(); oi++) {
            SchedObserver o = observers.get(oi);
            o.onWakeup(t);
        }
    }

    /** Puts a runnable task on a queue and arranges a reschedule or preemption if warranted. */
    private void place(Task t, EnqueueReason why) {
        t.state = Task.State.RUNNABLE;
        t.runnableSinceNs = sim.now();
        if (perCpu) {
            int c = selectCpu(t, why);
            t.queueCpu = c;
            queues[c].enqueue(t, why);
            if (cur[c] == null) {
                requestResched(c);
            } else if (!needResched[c] && queues[c].shouldPreempt(cur[c], ranSoFar(c), t)) {
                requestResched(c);
            }
            return;
        }
        t.queueCpu = 0;
        queues[0].enqueue(t, why);
        if (t.pinned >= 0) {
            int c = t.pinned;
            if (cur[c] == null || (!needResched[c] && queues[0].shouldPreempt(cur[c], ranSoFar(c), t))) {
                requestResched(c);
            }
            return;
        }
        for (int c = 0; c < cur.length; c++) {
            if (cur[c] == null && !needResched[c]) {
                requestResched(c);
                return;
            }
        }
        for (int c = 0; c < cur.length; c++) {
            if (cur[c] != null && !needResched[c] && queues[0].shouldPreempt(cur[c], ranSoFar(c), t)) {
                requestResched(c);
                return;
            }
        }
    }

    /** How long the task on CPU {@code c} has run since its dispatch (0 during the switch overhead). */
    long ranSoFar(int c) {
        return Math.max(0, sim.now() - runStartNs[c]);
    }

    private int selectCpu(Task t, EnqueueReason why) {
        if (t.pinned >= 0) {
            return t.pinned;
        }
        int prev = t.lastCpu >= 0 ? t.lastCpu : t.queueCpu;
        if (why != EnqueueReason.NEW && prev >= 0 && prev < cur.length) {
            if (load(prev) == 0) {
                return prev;
            }
            for (int c = 0; c < cur.length; c++) {
                if (load(c) == 0) {
                    return c;
                }
            }
            return prev;
        }
        int best = 0;
        for (int c = 1; c < cur.length; c++) {
            if (load(c) < load(best)) {
                best = c;
            }
        }
        return best;
    }

    private void requestResched(int c) {
        if (!needResched[c]) {
            needResched[c] = true;
            sim.schedule(sim.now(), this, K_RESCHED, c);
        }
    }

    private void dispatch(int c, DispatchReason reason, Task prev) {
        needResched[c] = false;
        SchedulingPolicy q = queues[perCpu ? c : 0];
        SchedTask picked = q.pickNext(c);
        if (picked == null && perCpu && cur.length > 1 && config.newIdleBalance() && balancer.pullOne(c)) {
            picked = q.pickNext(c);
        }
        if (picked == null) {
            return;
        }
        Task t = (Task) picked;
        needResched[c] = false; // a pull above may have asked for a reschedule of this very CPU
        idleReason[c] = null;
        long now = sim.now();
        long overhead = 0;
        if (lastOnCpu[c] != t) {
            CostModel costs = config.costs();
            long away = t.lastCpu == c && t.lastRunEndNs >= 0 ? now - t.lastRunEndNs : -1;
            overhead = costs.switchNs() + costs.refillNs(t.spec.workingSetBytes(), away);
            switches++;
            if (prev != null && !prev.finished() && prev.state == Task.State.RUNNABLE) {
                prev.involuntary++;
                involuntary++;
            }
        }
        if (t.lastCpu >= 0 && t.lastCpu != c) {
            t.migrations++;
            migrations++;
        }
        t.waitNs += now - t.runnableSinceNs;
        t.state = Task.State.RUNNING;
        t.cpu = c;
        cur[c] = t;
        dispatchNs[c] = now;
        long start = now + overhead;
        runStartNs[c] = start;
        overheadNs += overhead;
        t.overheadNs += overhead;
        if (t.firstRunNs < 0) {
            t.firstRunNs = start;
        }
        if (t.wokeAtNs >= 0) {
            long lat = start - t.wokeAtNs;
            wakeLatency.record(lat);
            wakeLatencyByClass[t.spec.taskClass().ordinal()].record(lat);
            t.wokeAtNs = -1;
        }
        long slice = q.sliceNs(t, c);
        if (slice <= 0) {
            throw new IllegalStateException("policy " + q.name() + " returned a non-positive slice " + slice);
        }
        long run;
        if (warm == null) {
            run = Math.min(slice, t.remainingBurstNs);
        } else {
            warm.dispatched(c, t);
            run = Math.min(slice, warm.timeFor(c, t, t.remainingBurstNs));
        }
        gen[c]++;
        sim.schedule(start + run, this, K_SLICE, (gen[c] << 8) | c);
        dispatches++;
        DispatchReason r = reason;
        sim.trace().record(DISPATCH, now, t.pid, c, r.ordinal());
        dispatchRing.record(now, c, t.pid, t.spec.name(), prev == null ? (lastOnCpu[c] == null ? 0 : lastOnCpu[c].pid) : prev.pid, r);
        for (int oi = 0; oi < observers.size(); oi++) {
            SchedObserver o = observers.get(oi);
            o.onDispatch(c, t, r);
        }
    }

    // ------------------------------------------------------------------ load balancing

    private void startBalancer() {
        if (!balancerStarted && config.cpus() > 1) {
            balancerStarted = true;
            sim.every(config.balanceIntervalNs(), s -> balancer.balance());
        }
    }

    /** Moves queued task {@code t} from CPU {@code from}'s queue to {@code to}'s (balancing, affinity). */
    void migrate(Task t, int from, int to) {
        queues[from].dequeue(t, EnqueueReason.MIGRATED);
        t.queueCpu = to;
        queues[to].enqueue(t, EnqueueReason.MIGRATED);
        sim.trace().record(MIGRATE, sim.now(), t.pid, from, to);
        for (int oi = 0; oi < observers.size(); oi++) {
            SchedObserver o = observers.get(oi);
            o.onMigrate(t, from, to);
        }
        if (cur[to] == null) {
            requestResched(to);
        }
    }

    // ------------------------------------------------------------------ policy plumbing

    private void allocateCpus() {
        int n = config.cpus();
        cur = new Task[n];
        lastOnCpu = new Task[n];
        runStartNs = new long[n];
        dispatchNs = new long[n];
        gen = new long[n];
        needResched = new boolean[n];
        idleReason = new DispatchReason[n];
    }

    private void installPolicy(PolicyFactory f, Map<String, String> params) {
        Context ctx = new Context();
        commitQueues(f, params, createQueues(f, params, ctx), ctx);
    }

    private SchedulingPolicy[] createQueues(PolicyFactory f, Map<String, String> params, Context ctx) {
        WorkloadParams wp = new WorkloadParams(params);
        SchedulingPolicy first = f.create(ctx, wp);
        wp.rejectUnused("policy", f.name(), f.options());
        boolean per = first.topology() == Topology.PER_CPU;
        SchedulingPolicy[] qs = new SchedulingPolicy[per ? config.cpus() : 1];
        qs[0] = first;
        for (int c = 1; c < qs.length; c++) {
            qs[c] = f.create(ctx, new WorkloadParams(params));
        }
        ctx.oracleAllowed = first.needsOracle();
        return qs;
    }

    private void commitQueues(PolicyFactory f, Map<String, String> params, SchedulingPolicy[] qs, Context ctx) {
        factory = f;
        policyParams = Map.copyOf(new TreeMap<>(params));
        queues = qs;
        perCpu = qs[0].topology() == Topology.PER_CPU;
        context = ctx;
    }

    /** Realtime admission for partitioning policies: first fit over the CPUs (or the pinned one). */
    private boolean admit(Task t) {
        if (!queues[0].partitionsRealtime() || !perCpu) {
            return queues[0].admit(t);
        }
        int from = t.spec.cpu() >= 0 ? t.spec.cpu() : 0, to = t.spec.cpu() >= 0 ? t.spec.cpu() : cur.length - 1;
        for (int c = from; c <= to; c++) {
            if (queues[c].admit(t)) {
                t.admittedCpu = c;
                t.pinned = c;
                return true;
            }
        }
        return false;
    }

    /** The engine's side of {@link SchedContext}: one per installed policy. */
    private final class Context implements SchedContext, Oracle {
        boolean oracleAllowed;

        @Override
        public long now() {
            return sim.now();
        }

        @Override
        public SchedTask task(int index) {
            return tasks.get(index);
        }

        @Override
        public int cpuCount() {
            return config.cpus();
        }

        @Override
        public Trace trace() {
            return sim.trace();
        }

        @Override
        public Telemetry telemetry() {
            return sim.telemetry();
        }

        @Override
        public Oracle oracle() {
            if (!oracleAllowed) {
                throw new IllegalStateException("policy " + factory.name() + " did not declare needsOracle(): it may not see remaining work");
            }
            return this;
        }

        @Override
        public long remainingBurstNs(SchedTask st) {
            Task t = (Task) st;
            return t.state == Task.State.RUNNING ? t.remainingBurstNs - ranSoFar(t.cpu) : t.remainingBurstNs;
        }

        @Override
        public long remainingWorkNs(SchedTask st) {
            Task t = (Task) st;
            long left = t.spec.realtime() != null ? t.pendingJobWork() : t.remainingWorkNs;
            if (left == Long.MAX_VALUE) {
                return left;
            }
            return t.state == Task.State.RUNNING ? left - ranSoFar(t.cpu) : left;
        }
    }

    // ------------------------------------------------------------------ reporting

    /** The counters, without a pass over the tasks beyond counting states. */
    public SchedStats stats() {
        int runnable = 0, running = 0, blocked = 0;
        for (int i = 0; i < live.size(); i++) {
            switch (live.get(i).state) {
                case RUNNABLE -> runnable++;
                case RUNNING -> running++;
                case BLOCKED -> blocked++;
                default -> {
                }
            }
        }
        // once every task has finished, utilisation is over the workload's span, not the idle time after it
        long elapsed = (quiescent() && lastEndNs >= 0 ? lastEndNs : sim.now()) - createdNs;
        long busy = busyNs;
        for (int c = 0; c < cur.length; c++) {
            if (cur[c] != null) {
                busy += ranSoFar(c);
            }
        }
        double util = elapsed <= 0 ? 0 : (double) busy / ((double) elapsed * config.cpus());
        long missesNow = misses; // finished late, plus unfinished jobs already past their deadline
        for (int i = 0; i < live.size(); i++) {
            Task t = live.get(i);
            if (t.jobCount > 0) {
                missesNow += t.deadlineMisses(sim.now()) - t.misses;
            }
        }
        return new SchedStats(sim.now(), factory.name(), config.cpus(), live.size(), runnable, running, blocked, spawned,
                completed, killed, rejected, dispatches, voluntary + involuntary, switches, voluntary, involuntary, migrations, overheadNs, busy,
                util, rtJobs, missesNow);
    }

    /** The full metrics report. */
    public SchedMetrics metrics() {
        return MetricsReport.build(this, tasks.list(), retired, stats(), wakeLatency, wakeLatencyByClass, firstArrivalNs, lastEndNs);
    }

    /** The last {@code n} dispatch decisions, oldest first (at most {@value DispatchRing#CAPACITY} are kept). */
    public List<DispatchRecord> recentDispatches(int n) {
        return dispatchRing.last(n);
    }

    /** What runs on each CPU now (null for idle). */
    public List<Task> running() {
        List<Task> r = new ArrayList<>(cur.length);
        Collections.addAll(r, cur);
        return r;
    }
}
