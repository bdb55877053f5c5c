package kos.attn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import kos.sched.EnqueueReason;
import kos.sched.SchedContext;
import kos.sched.SchedTask;
import kos.sched.SchedulingPolicy;
import kos.sched.TaskClass;
import kos.sched.Topology;
import kos.sched.Weights;
import kos.sched.policy.TaskHeap;
import kos.sim.Simulation;
import kos.sim.Telemetry;
import kos.sim.TelemetryNames;
import kos.sim.Trace;
import kos.sim.TraceKind;

/**
 * The attention scheduler: one global run queue, two scheduling classes.
 *
 * <p><b>Deadline class.</b> Tasks that declared periodic parameters run first, earliest job
 * deadline first, with admission control ({@link DeadlineClass}): handled the way Linux handles
 * {@code SCHED_DEADLINE}, not learned.
 *
 * <p><b>Fair class: rank.</b> Every other task is ordered by one key, {@code -ln G(attained) x
 * vtime-scale + vruntime}: G the Gittins index of its class's learned size distribution
 * ({@link LearnedSizes}) at its attained CPU time, on top of CFS's virtual time, with CFS's
 * sleeper placement, fair slice and wakeup preemption ({@code --wakeup-granularity}). A task that
 * has waited {@code --aging} (2 s) runs first whatever its key (the longest-waiting one).
 *
 * <p><b>Fair class: the CPU-bound lane</b> ({@link CpuBoundLane}; {@code --cpu-bound las}, the default). A task that has
 * never blocked (its remaining CPU burst is its remaining job) is keyed by attained service
 * instead of vruntime: {@code -ln G(attained) x vtime-scale + min_vruntime + cpu-weight x virtual
 * attained}, min_vruntime being the current one, so the lane floats with the fair class's virtual
 * time. Among such tasks the order is LAS-like (or the learned Gittins order), they slice by
 * {@code --cpu-quantum} (1 ms, LAS's) following the index's growth, and a long CPU-bound job
 * falls behind tasks that sleep instead of being owed the CPU it did not get while it waited.
 *
 * <p><b>Fair class: attention.</b> The {@code --candidates} (8) best-keyed tasks go through
 * {@link AttentionModel} together, which predicts each one's remaining CPU burst from its
 * observable history and its competitors; among candidates whose key is within {@code --tie} of
 * the best, the highest response ratio {@code (wait + aging-scale) / predicted burst} runs. The
 * prediction also caps the slice ({@code --slice-factor}) and saves switches
 * ({@code --finish-burst}): a task whose burst it expects to end within that is not preempted by a
 * waking task, and its slice is stretched to the burst's predicted end.
 *
 * <p><b>Learning.</b> Each fair decision stores the picked task's view (the candidates' features,
 * that task first) in a bounded {@link ReplayBuffer}; when the task's CPU burst ends (seen at its
 * next enqueue), the sample gets its target {@code ln(1 + remaining burst / 100us)}. Every
 * {@code update-every} decisions the {@link OnlineLearner} takes one step. The size distributions
 * learn from every finished task.
 *
 * <p><b>Fallback.</b> {@link FallbackGuard}: when the model's prediction error goes bad, an
 * embedded CFS decides the fair class until it recovers (the deadline class stays above it).
 *
 * <p><b>Oracle diagnostics</b> ({@code --oracle burst|work}, never the default, marked in
 * {@link #describe()}): {@code burst} replaces the model's predictions by the true remaining
 * burst, {@code work} the learned rank by the true remaining work, to measure how much of the gap
 * to SRPT is the predictor and how much the decision rule.
 *
 * <p>Allocation-free per decision once its buffers have grown to the largest run queue seen.
 */
public final class AttentionPolicy implements SchedulingPolicy {
    public static final String NAME = "attention";
    static final TraceKind FALLBACK = FallbackGuard.FALLBACK;
    static final TraceKind LEARN = TraceKind.of("attn.learn", "step", "lossMicro", "resolved");
    private static final int CLASSES = TaskClass.values().length;

    private final SchedContext ctx;
    private final AttentionConfig config;
    private final AttentionModel model;
    private final ReplayBuffer buffer;
    private final OnlineLearner learner;
    private final int f, maxCandidates;
    private final long tieKey;
    private final double vtimeScale;
    // sleeper credit, fair slice and wakeup granularity scaled by 1 + ilog2(min(CPUs, 8)), as Linux scales CFS's
    // tunables
    private final long sleeperCreditNs, fairSliceNs, wakeupGranNs, finishBurstNs;
    // the cap on a blocking task's age demotion (-1: none), and per class the rank term of a fresh task, for the
    // learned sizes' version freshVersion
    private final long maxDemotionNs;
    // the CPU-bound lane (--cpu-bound las): tasks that never blocked, keyed by attained service instead of vruntime
    private final CpuBoundLane lane;
    private final CpuBoundLane.Key laneKey = (t, attainedNs) -> fairKey(t, attainedNs, 0);
    private final long[] freshTerm = new long[CLASSES];
    private int freshVersion = -1;
    private final DeadlineClass deadline;
    private final LearnedSizes sizes;
    private final FallbackGuard guard;

    // fair run queue: task indices in insertion order (swap-remove), position by index, and the rank heap
    private int[] queue = new int[64];
    private int size;
    private int[] pos = new int[64];
    private final TaskHeap rank = new TaskHeap();
    // the fair class's virtual time: vruntime per task (CFS's, kept here: the fallback CFS owns SchedTask.vruntime),
    // the queued tasks by vruntime, and the monotonic min_vruntime
    private long[] vrt = new long[64];
    private final TaskHeap byVrt = new TaskHeap();
    private long minVrt;
    private int rankVersion;
    private long seq;
    // per task, by index: up to PENDING unresolved samples per task (one per pick within the current burst)
    private static final int PENDING = 4;
    private long[] pendingGen = new long[64 * PENDING], burstAtPick = new long[64 * PENDING];
    private long[] burstsSeen = new long[64], predNs = new long[64], sliceGiven = new long[64];
    private int[] pickedEpoch = new int[64], pendingCount = new int[64];
    // per task: whether the error of the current burst's first prediction goes to the fallback guard even if the burst
    // ends with the task's exit (false: the burst is the task's first, so it would be a whole job)
    private boolean[] guardSample = new boolean[64];
    // the task that last left a CPU, until we know whether its burst ended (no immediate requeue) or not
    private int justStopped = -1;
    private long justStoppedBurstNs;
    // one decision's candidates
    private final int[] cand;
    private final long[] candKey, candSeq;
    private final boolean[] candCpu;
    private final float[] oracleP;
    private final Features.Memo memo = new Features.Memo();
    private float[] scratch = new float[0];

    // counters
    private long decisions,
            followed,
            fallbackDecisions,
            agingPicks,
            preemptions,
            pendingOverwritten,
            deadlinePicks,
            modelOverrides;
    private final double[] classErrSum = new double[CLASSES];
    private final long[] classErrN = new long[CLASSES];

    // explain snapshot
    private float[] lastX = new float[0];
    private int[] lastIdx = new int[0];
    private float[] lastPred = new float[0];
    private double[] lastIndex = new double[0];
    private int lastN, lastPicked = -1;
    private long lastDecisionNs = -1;
    private boolean lastFollowed;

    // where it records: its context's trace and telemetry (or a simulation it was bound to)
    private Trace trace;
    private Telemetry.Latency latency;
    private Telemetry.Counter made, followedCounter;
    private final String weightsSource;

    /**
     * @param model the model to decide and learn with (a private one, or one shared with a trainer)
     */
    public AttentionPolicy(SchedContext ctx, AttentionConfig config, AttentionModel model, String weightsSource) {
        this.ctx = ctx;
        this.config = config;
        this.model = model;
        this.f = model.features();
        this.buffer = new ReplayBuffer(config.replay(), 16, f);
        this.learner = new OnlineLearner(model, buffer, config.optimizer(), config.lr(), config.batch(), config.seed());
        this.weightsSource = weightsSource;
        this.maxCandidates = config.candidates();
        this.vtimeScale = config.vtimeScaleNs();
        int tf = Weights.tunableScale(ctx.cpuCount());
        this.sleeperCreditNs = config.sleeperCreditNs() * tf;
        this.fairSliceNs = config.fairSliceNs() * tf;
        this.wakeupGranNs = config.wakeupGranularityNs() * tf;
        this.finishBurstNs = config.finishBurstNs();
        this.maxDemotionNs = config.maxDemotionNs();
        this.lane = new CpuBoundLane(
                config.cpuBoundLas(),
                config.cpuQuantumNs(),
                config.cpuWeight() >= 0 ? config.cpuWeight() : (ctx.cpuCount() == 1 ? 1.0 : 0.0),
                config.cpuExitKeep());
        this.tieKey = Math.round(StrictMath.log(1 + config.tie()) * vtimeScale);
        this.deadline = config.deadline() ? new DeadlineClass(ctx) : null;
        this.sizes = new LearnedSizes(config.learnedRank(), config.sizeTail());
        this.guard = new FallbackGuard(ctx, config.errorBound(), config.live(), config.latencyBudgetNs());
        this.cand = new int[maxCandidates];
        this.candKey = new long[maxCandidates];
        this.candSeq = new long[maxCandidates];
        this.candCpu = new boolean[maxCandidates];
        this.oracleP = new float[maxCandidates];
        Arrays.fill(pos, -1);
        Arrays.fill(pendingGen, -1);
        bind(ctx.trace(), ctx.telemetry());
    }

    /**
     * Connects the policy to a simulation other than its context's (the context already binds it
     * at construction, so every run records the same trace). Idempotent.
     */
    public void bind(Simulation sim) {
        bind(sim.trace(), sim.telemetry());
    }

    /**
     * Fallback transitions and learning steps go to {@code trace}, decision latency (wall clock,
     * recorded only) and decision counters to {@code t}.
     */
    private void bind(Trace trace, Telemetry t) {
        if (this.trace == trace) {
            return;
        }
        this.trace = trace;
        latency = t.latency(TelemetryNames.TRANSFORMER_SCHEDULER);
        made = t.counter(TelemetryNames.DECISIONS_MADE);
        followedCounter = t.counter(TelemetryNames.DECISIONS_FOLLOWED);
    }

    public boolean bound() {
        return trace != null;
    }

    public AttentionModel model() {
        return model;
    }

    public AttentionConfig config() {
        return config;
    }

    public OnlineLearner learner() {
        return learner;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return config.describe()
                + (guard.engaged() ? " [fallback: cfs]" : "")
                + (config.oracle() != AttentionConfig.Oracle.OFF ? " [ORACLE DIAGNOSTIC: not a real scheduler]" : "");
    }

    @Override
    public Topology topology() {
        return Topology.GLOBAL;
    }

    @Override
    public boolean needsOracle() {
        return config.oracle() != AttentionConfig.Oracle.OFF;
    }

    public boolean inFallback() {
        return guard.engaged();
    }

    @Override
    public boolean admit(SchedTask t) {
        return deadline == null || deadline.admit(t);
    }

    // ---------------------------------------------------------------- per-task arrays

    private void grow(int index) {
        if (index < pos.length) {
            return;
        }
        int n = Math.max(index + 1, pos.length * 2);
        int old = pos.length;
        pos = Arrays.copyOf(pos, n);
        Arrays.fill(pos, old, n, -1);
        pendingGen = Arrays.copyOf(pendingGen, n * PENDING);
        Arrays.fill(pendingGen, old * PENDING, n * PENDING, -1);
        burstAtPick = Arrays.copyOf(burstAtPick, n * PENDING);
        pendingCount = Arrays.copyOf(pendingCount, n);
        burstsSeen = Arrays.copyOf(burstsSeen, n);
        predNs = Arrays.copyOf(predNs, n);
        sliceGiven = Arrays.copyOf(sliceGiven, n);
        vrt = Arrays.copyOf(vrt, n);
        lane.grow(n);
        guardSample = Arrays.copyOf(guardSample, n);
        pickedEpoch = Arrays.copyOf(pickedEpoch, n);
    }

    /** The key {@code t} is stored under in its heap (for the CPU-bound lane, without the floating min_vruntime). */
    private long rankKey(SchedTask t) {
        if (config.oracle() == AttentionConfig.Oracle.WORK) {
            return Math.round(StrictMath.log(1.0 + ctx.oracle().remainingWorkNs(t)) * 1e6);
        }
        long k = fairKey(t, t.cpuTimeNs(), vrt[t.index()]);
        return lane.has(t.index()) ? k - minVrt : k;
    }

    /**
     * The fair class's order, smaller first: {@code -ln G(attained) x vtime-scale + vruntime}, G the
     * Gittins index of the task's class's learned sizes. A task the sizes say is likely to finish
     * soon gets up to a few vtime-scales of virtual-time credit over one that is not; among equal
     * indexes it is CFS's vruntime order.
     */
    private long fairKey(SchedTask t, long attainedNs, long vruntime) {
        long v = lane.has(t.index()) ? minVrt + lane.attained(attainedNs, t) : vruntime;
        if (vtimeScale == 0) {
            return v;
        }
        long term = Math.round(-StrictMath.log(sizes.index(t, attainedNs)) * vtimeScale);
        if (maxDemotionNs >= 0 && t.bursts() > 0) {
            term = Math.min(term, freshTerm(t) + maxDemotionNs);
        }
        return term + v;
    }

    /**
     * The rank term of a fresh task of {@code t}'s class, from its class's own learned sizes
     * ({@code Long.MAX_VALUE / 4}, no cap, while the class has none; recomputed when the sizes change).
     */
    private long freshTerm(SchedTask t) {
        if (freshVersion != sizes.version()) {
            freshVersion = sizes.version();
            for (TaskClass c : TaskClass.values()) {
                double g = sizes.freshIndex(c);
                freshTerm[c.ordinal()] =
                        Double.isNaN(g) ? Long.MAX_VALUE / 4 : Math.round(-StrictMath.log(g) * vtimeScale);
            }
        }
        return freshTerm[t.taskClass().ordinal()];
    }

    /** Virtual time for {@code ns} of CPU at the task's weight (nice 0: 1:1). */
    static long virtual(long ns, SchedTask t) {
        int w = t.weight();
        return w == Weights.NICE_0 ? ns : ns * Weights.NICE_0 / w;
    }

    /** CFS's place_entity: a new task at min_vruntime, a waking one at most sleeper-credit behind it. */
    private void place(SchedTask t, EnqueueReason why) {
        int i = t.index();
        switch (why) {
            case NEW, POLICY_CHANGE -> vrt[i] = minVrt;
            case WAKEUP, MIGRATED -> vrt[i] = Math.max(vrt[i], minVrt - sleeperCreditNs);
            default -> {}
        }
    }

    /** min_vruntime brought up to the smaller of {@code v} (a running task's) and the queued tasks' least. */
    private void advanceMin(long v) {
        long m = byVrt.isEmpty() ? v : Math.min(v, byVrt.primary(byVrt.peek()));
        if (m > minVrt) {
            minVrt = m;
        }
    }

    private void add(SchedTask t) {
        int index = t.index();
        if (size == queue.length) {
            queue = Arrays.copyOf(queue, size * 2);
        }
        pos[index] = size;
        queue[size++] = index;
        if (lane.has(index)) {
            lane.heap.add(index, rankKey(t), seq++);
        } else {
            rank.add(index, rankKey(t), seq++);
            byVrt.add(index, vrt[index], index);
        }
    }

    private boolean remove(int index) {
        int p = index < pos.length ? pos[index] : -1;
        if (p < 0) {
            return false;
        }
        int last = queue[--size];
        queue[p] = last;
        pos[last] = p;
        pos[index] = -1;
        if (lane.has(index)) {
            lane.heap.remove(index);
        } else {
            rank.remove(index);
            byVrt.remove(index);
        }
        return true;
    }

    /** After the learned sizes changed, every queued task gets its new rank (keeping its place in FIFO ties). */
    private void rekey() {
        if (rankVersion == sizes.version()) {
            return;
        }
        rankVersion = sizes.version();
        for (int p = 0; p < size; p++) {
            int i = queue[p];
            TaskHeap h = lane.has(i) ? lane.heap : rank;
            long s = h.secondary(i);
            h.remove(i);
            h.add(i, rankKey(ctx.task(i)), s);
        }
    }

    // ---------------------------------------------------------------- protocol

    @Override
    public void enqueue(SchedTask t, EnqueueReason why) {
        int i = t.index();
        grow(i);
        if (justStopped == i && (why == EnqueueReason.SLICE_EXPIRED || why == EnqueueReason.PREEMPTED)) {
            justStopped = -1; // back at once: the burst goes on
        }
        settleStopped();
        resolve(t);
        if (deadline != null && deadline.owns(t)) {
            deadline.enqueue(t);
            return;
        }
        vrt[i] = lane.assign(t, why, config.oracle() == AttentionConfig.Oracle.WORK, vrt[i], minVrt);
        place(t, why);
        add(t);
        if (guard.engaged()) {
            guard.cfs().enqueue(t, why);
        }
    }

    /**
     * The task that last stopped was not put back at once: its CPU burst ended (it blocked or
     * exited) with the length it had used when it stopped. Called at the start of every later
     * protocol call, because the engine re-enqueues a task whose burst goes on right after
     * {@link #stopped}, before anything else reaches the policy.
     */
    private void settleStopped() {
        int i = justStopped;
        if (i >= 0) {
            justStopped = -1;
            SchedTask t = ctx.task(i);
            burstsSeen[i] = t.bursts(); // already counted by the engine (a recount in resolve() finds nothing pending)
            resolveBurst(i, justStoppedBurstNs);
            if (t.finished()) {
                exited(t);
            }
        }
    }

    private void exited(SchedTask t) {
        if (deadline != null && t.realtime() != null) {
            deadline.release(t);
        } else {
            sizes.finished(t);
        }
    }

    /** If {@code t} completed a burst we did not see end (a safety net: settleStopped sees them all), resolve with its last burst. */
    private void resolve(SchedTask t) {
        int i = t.index();
        if (t.bursts() <= burstsSeen[i]) {
            return;
        }
        burstsSeen[i] = t.bursts();
        resolveBurst(i, t.lastBurstNs());
    }

    /** Gives every pending sample of task {@code i} its target from the finished burst's length. */
    private void resolveBurst(int i, long burstNs) {
        int cnt = pendingCount[i];
        pendingCount[i] = 0;
        for (int k = 0; k < cnt; k++) {
            long gen = pendingGen[i * PENDING + k];
            pendingGen[i * PENDING + k] = -1;
            float y = Features.target(burstNs - burstAtPick[i * PENDING + k]);
            float predicted = buffer.resolve(gen, y);
            if (Float.isNaN(predicted)) {
                pendingOverwritten++;
            } else if (k == 0) {
                // the error that drives the fallback: the prediction made when the burst started running
                double e = Math.abs(predicted - y);
                int c = ctx.task(i).taskClass().ordinal();
                classErrSum[c] += e;
                classErrN[c]++;
                if (guardSample[i] || !ctx.task(i).finished()) {
                    guard.observeError(e, queue, size, decisions, trace);
                }
            }
        }
    }

    @Override
    public void dequeue(SchedTask t, EnqueueReason why) {
        settleStopped();
        if (deadline != null && deadline.remove(t)) {
            if (why == EnqueueReason.EXIT) {
                deadline.release(t);
            }
            return;
        }
        if (remove(t.index()) && guard.engaged()) {
            guard.cfs().dequeue(t, why);
        }
    }

    @Override
    public int size() {
        return size + (deadline == null ? 0 : deadline.size());
    }

    @Override
    public SchedTask pickNext(int cpu) {
        settleStopped();
        if (deadline != null && deadline.size() > 0) {
            SchedTask d = deadline.poll();
            decisions++;
            deadlinePicks++;
            followed++;
            pickedEpoch[d.index()] = -1;
            return d;
        }
        if (size == 0) {
            return null;
        }
        long t0 = trace != null || config.live() ? System.nanoTime() : 0;
        long now = ctx.now();
        rekey();
        int forced = -1;
        boolean attention = !guard.engaged();
        if (!attention) {
            SchedTask c = guard.cfs().pickNext(cpu);
            if (c != null) {
                forced = c.index();
                fallbackDecisions++;
            } else {
                attention =
                        true; // cannot happen while both queues hold the same tasks; decide ourselves rather than fail
            }
        }
        if (attention) {
            forced = aged(now);
        }
        int n = takeCandidates(forced);
        float[] p = predict(n, now);
        int row = forced >= 0 ? 0 : choose(p, n, now);
        int idx = cand[row];
        SchedTask t = ctx.task(idx);
        for (int r = 0; r < n; r++) {
            if (r != row) {
                if (candCpu[r]) {
                    lane.heap.add(cand[r], candKey[r] - minVrt, candSeq[r]);
                } else {
                    rank.add(cand[r], candKey[r], candSeq[r]);
                }
            }
        }
        int qp = pos[idx]; // off the FIFO list (the rank heap no longer holds it)
        int last = queue[--size];
        queue[qp] = last;
        pos[last] = qp;
        pos[idx] = -1;
        if (!lane.has(idx)) {
            byVrt.remove(idx);
            advanceMin(vrt[idx]);
        }
        snapshot(n, p, row, now, attention);
        if (pendingCount[idx] == 0) {
            // the guard judges the model on bursts, not on whole jobs: a first burst that ends with the task's exit
            // (a CPU-only job, which the rank and the CPU-bound lane order) is left out, unless --guard-bursts all
            guardSample[idx] = config.guardAllBursts() || t.bursts() > 0;
        }
        if (pendingCount[idx] < PENDING) {
            int k = idx * PENDING + pendingCount[idx]++;
            pendingGen[k] = buffer.add(model.input(n), n, row, p[row]);
            burstAtPick[k] = t.currentBurstNs();
        }
        pickedEpoch[idx] = attention ? -1 : guard.epoch();
        decisions++;
        if (attention) {
            followed++;
        }
        if (config.learn() && decisions % config.updateEvery() == 0 && learner.step() && trace != null) {
            trace.record(LEARN, now, learner.steps(), Math.round(learner.lastLoss() * 1e6), buffer.resolved());
        }
        if (t0 != 0) {
            long dt = System.nanoTime() - t0;
            if (latency != null) {
                latency.record(dt);
                made.add(1);
                if (attention) {
                    followedCounter.add(1);
                }
            }
            if (config.live()) {
                guard.observeLatency(dt, queue, size, decisions, trace);
            }
        }
        return t;
    }

    /** The longest-waiting task among those that waited at least the aging bound, or -1. */
    private int aged(long now) {
        int best = -1;
        long bestWait = config.agingNs() - 1;
        for (int r = 0; r < size; r++) {
            int i = queue[r];
            long w = now - ctx.task(i).runnableSinceNs();
            if (w > bestWait || (w == bestWait && best >= 0 && i < best)) {
                best = i;
                bestWait = w;
            }
        }
        if (best >= 0) {
            agingPicks++;
        }
        return best;
    }

    /**
     * Takes the best-ranked tasks off the rank heap into {@code cand} (with {@code forced}, if
     * any, in row 0) and returns how many.
     */
    private int takeCandidates(int forced) {
        int n = 0;
        if (forced >= 0) {
            boolean c = lane.has(forced);
            TaskHeap h = c ? lane.heap : rank;
            cand[0] = forced;
            candKey[0] = h.primary(forced) + (c ? minVrt : 0);
            candSeq[0] = h.secondary(forced);
            candCpu[0] = c;
            h.remove(forced);
            n = 1;
        }
        while (n < maxCandidates && (!rank.isEmpty() || !lane.heap.isEmpty())) {
            boolean c = lane.first(rank, minVrt);
            TaskHeap h = c ? lane.heap : rank;
            int i = h.peek();
            cand[n] = i;
            candKey[n] = h.primary(i) + (c ? minVrt : 0);
            candSeq[n] = h.secondary(i);
            candCpu[n] = c;
            h.poll();
            n++;
        }
        return n;
    }

    /** The fair key of the best queued fair task; the heaps must not both be empty. */
    private long bestQueuedKey() {
        return lane.first(rank, minVrt) ? lane.key(lane.heap.peek(), minVrt) : rank.primary(rank.peek());
    }

    /** The fair key of a queued fair task. */
    private long queuedKey(int i) {
        return lane.has(i) ? lane.key(i, minVrt) : rank.primary(i);
    }

    /** Predicted remaining bursts (target scale) of the candidates: the model's, or the oracle's in the diagnostic mode. */
    private float[] predict(int n, long now) {
        float[] x = model.input(n);
        for (int r = 0; r < n; r++) {
            Features.extract(ctx.task(cand[r]), now, x, r * f, memo);
        }
        float[] p;
        if (config.oracle() == AttentionConfig.Oracle.BURST) {
            for (int r = 0; r < n; r++) {
                oracleP[r] = Features.target(ctx.oracle().remainingBurstNs(ctx.task(cand[r])));
            }
            p = oracleP;
        } else {
            p = model.forward(n);
        }
        for (int r = 0; r < n; r++) {
            predNs[cand[r]] = Features.fromTarget(p[r]);
        }
        return p;
    }

    /**
     * Among candidates whose rank is within the tie margin of the best, the highest response ratio
     * {@code (wait + aging-scale) / predicted burst}: the shortest predicted burst when waits are
     * equal, and a long wait wins in the end (HRRN), so the model cannot starve a task inside its
     * class. Ties to rank order.
     */
    private int choose(float[] p, int n, long now) {
        int best = 0;
        double bestPrio = -1;
        double scale = config.agingScaleNs();
        for (int r = 0; r < n && candKey[r] <= candKey[0] + tieKey; r++) {
            if (r > 0 && oneBurst(ctx.task(cand[r]))) {
                continue; // its remaining burst is its remaining job, which the rank already orders
            }
            long w = Math.max(0, now - ctx.task(cand[r]).runnableSinceNs());
            double prio = (w + scale) / Math.max(1000.0, predNs[cand[r]]); // fromTarget(p[r]), set by predict
            if (prio > bestPrio) {
                best = r;
                bestPrio = prio;
            }
        }
        if (best != 0) {
            modelOverrides++;
        }
        return best;
    }

    private void snapshot(int n, float[] p, int row, long now, boolean attention) {
        if (lastX.length < n * f) {
            int c = Math.max(n, lastIdx.length * 2);
            lastX = new float[c * f];
            lastIdx = new int[c];
            lastPred = new float[c];
            lastIndex = new double[c];
        }
        System.arraycopy(model.input(n), 0, lastX, 0, n * f);
        System.arraycopy(cand, 0, lastIdx, 0, n);
        System.arraycopy(p, 0, lastPred, 0, n);
        for (int r = 0; r < n; r++) {
            lastIndex[r] = StrictMath.exp(-candKey[r] / 1e6);
        }
        lastN = n;
        lastPicked = row;
        lastDecisionNs = now;
        lastFollowed = attention;
    }

    @Override
    public long sliceNs(SchedTask t, int cpu) {
        int i = t.index();
        if (deadline != null && deadline.owns(t)) {
            return Long.MAX_VALUE;
        }
        if (guard.engaged() && pickedEpoch[i] == guard.epoch()) {
            return guard.cfs().sliceNs(t, cpu);
        }
        if ((rank.isEmpty() && lane.heap.isEmpty()) || config.oracle() == AttentionConfig.Oracle.WORK) {
            sliceGiven[i] = Long.MAX_VALUE;
            return Long.MAX_VALUE; // a waking task preempts through shouldPreempt
        }
        // the fair slice: until its key is fair-slice (in the CPU-bound lane: cpu-quantum) past the best queued key
        // (vruntime grows at 1024 / weight per ns; a change of its index on the way is seen at the next decision,
        // except
        // in the CPU-bound lane, where the index is what orders tasks and its change is followed)
        long k0 = fairKey(t, t.cpuTimeNs(), vrt[i]);
        long target = bestQueuedKey() + (lane.has(i) ? lane.quantumNs() : fairSliceNs);
        long s = real(target - k0, t);
        if (lane.has(i) && s > 0 && vtimeScale > 0) {
            s = lane.serviceUntilKey(t, k0, target, Math.min(s, config.maxSliceNs()), laneKey);
        }
        // the model's part: a burst it expects to be short gets a short slice, so one long burst cannot hold up a queue
        // (a task that never blocked is one burst: the rank's slice is the right one)
        long burst =
                oneBurst(t) ? Long.MAX_VALUE : (long) Math.min(config.maxSliceNs(), predNs[i] * config.sliceFactor());
        long slice = Math.max(config.minSliceNs(), Math.min(Math.min(s, config.maxSliceNs()), burst));
        // ... and a burst it expects to end just after the slice gets the few more microseconds it needs: one switch
        // fewer
        if (!oneBurst(t) && predNs[i] > slice && predNs[i] <= slice + finishBurstNs) {
            slice = predNs[i];
        }
        sliceGiven[i] = slice;
        return slice;
    }

    /** CPU time for {@code v} of virtual time at the task's weight (0 for {@code v <= 0}). */
    private static long real(long v, SchedTask t) {
        return v <= 0 ? 0 : (t.weight() == Weights.NICE_0 ? v : v * t.weight() / Weights.NICE_0);
    }

    @Override
    public void stopped(SchedTask t, long ranNs) {
        settleStopped();
        int i = t.index();
        justStopped = i;
        justStoppedBurstNs = t.currentBurstNs();
        if (deadline == null || !deadline.owns(t)) {
            vrt[i] += virtual(ranNs, t);
            if (!lane.has(i)) {
                advanceMin(vrt[i]);
            }
        }
        if (guard.engaged() && pickedEpoch[i] == guard.epoch()) {
            guard.cfs().stopped(t, ranNs);
        }
    }

    /** The model predicts {@code t}'s burst (of which {@code ranNs} ran in this stint) to end within the next finish-burst. */
    private boolean endsSoon(SchedTask t, long ranNs) {
        long left = predNs[t.index()] - ranNs; // past its prediction (left <= 0), the model knows nothing: no veto
        // and only when its slice ends within finish-burst too: a wrong prediction then costs the woken task at most
        // that
        return finishBurstNs > 0
                && !oneBurst(t)
                && left > 0
                && left <= finishBurstNs
                && sliceGiven[t.index()] - ranNs <= finishBurstNs;
    }

    @Override
    public boolean shouldPreempt(SchedTask running, long ranNs, SchedTask woken) {
        settleStopped();
        if (deadline != null && deadline.owns(woken)) {
            boolean p = deadline.preempts(woken, running);
            preemptions += p ? 1 : 0;
            return p;
        }
        if (deadline != null && deadline.owns(running)) {
            return false;
        }
        if (guard.engaged()) {
            return pickedEpoch[running.index()] == guard.epoch() && guard.cfs().shouldPreempt(running, ranNs, woken);
        }
        if (pos[woken.index()] < 0) {
            return false;
        }
        boolean preempt;
        if (config.oracle() == AttentionConfig.Oracle.WORK) {
            preempt = ctx.oracle().remainingWorkNs(woken) < ctx.oracle().remainingWorkNs(running);
        } else {
            // CFS's wakeup preemption on the fair key: the running task's key now (its vruntime and attained service
            // including this stint) exceeds the woken one's by more than the granularity
            // (the model's part: not a task whose burst it expects to end within finish-burst; it blocks soon anyway,
            // and
            // preempting it costs a switch)
            long runKey = fairKey(running, running.cpuTimeNs() + ranNs, vrt[running.index()] + virtual(ranNs, running));
            long gran = lane.has(running.index()) && lane.has(woken.index()) ? lane.quantumNs() : wakeupGranNs;
            preempt = runKey - queuedKey(woken.index()) > gran && !endsSoon(running, ranNs);
        }
        if (preempt) {
            preemptions++;
        }
        return preempt;
    }

    /** Has run but never blocked: so far one CPU burst, as long as the job itself. */
    private static boolean oneBurst(SchedTask t) {
        return t.bursts() == 0 && t.cpuTimeNs() > 0;
    }

    // ---------------------------------------------------------------- reporting

    /**
     * Counters and state, for {@code schedctl transformer stats}.
     *
     * @param deadlinePicks        decisions made by the deadline class
     * @param modelOverrides       fair decisions where the model's burst prediction picked another task than the rank's first
     * @param predictionErrorByClass mean |ln| error of the burst prediction per class of the task, over all resolved bursts
     */
    public record Stats(
            long decisions,
            long followed,
            long fallbackDecisions,
            boolean inFallback,
            long fallbackEntries,
            long fallbackExits,
            long agingPicks,
            long preemptions,
            long learningSteps,
            double lastLoss,
            double predictionError,
            long errorSamples,
            int replayResolved,
            long pendingOverwritten,
            boolean learning,
            String optimizer,
            float lr,
            String weights,
            int queued,
            long deadlinePicks,
            long modelOverrides,
            Map<String, Double> predictionErrorByClass,
            Map<String, Long> finishedByClass) {}

    public Stats stats() {
        Map<String, Double> err = new LinkedHashMap<>();
        Map<String, Long> fin = new LinkedHashMap<>();
        for (TaskClass c : TaskClass.values()) {
            if (classErrN[c.ordinal()] > 0) {
                err.put(c.label(), classErrSum[c.ordinal()] / classErrN[c.ordinal()]);
            }
            if (sizes.samples(c) > 0) {
                fin.put(c.label(), sizes.samples(c));
            }
        }
        return new Stats(
                decisions,
                followed,
                fallbackDecisions,
                guard.engaged(),
                guard.entries(),
                guard.exits(),
                agingPicks,
                preemptions,
                learner.steps(),
                learner.lastLoss(),
                guard.error(),
                guard.errorSamples(),
                buffer.resolved(),
                pendingOverwritten,
                config.learn(),
                config.optimizer().name().toLowerCase(Locale.ROOT),
                config.lr(),
                weightsSource,
                size(),
                deadlinePicks,
                modelOverrides,
                err,
                fin);
    }

    /** The decisions whose outcome is known (the replay buffer's resolved samples), oldest first. */
    public List<Example> examples() {
        return buffer.resolvedExamples();
    }

    /** The running mean absolute prediction error in natural-log units (NaN before the first resolved burst). */
    public double predictionError() {
        return guard.error();
    }

    /** Forgets the replay buffer, the error average, the counters and any fallback (the weights and learned sizes stay). */
    public void resetState() {
        if (guard.engaged()) {
            guard.disengage(queue, size, decisions, trace);
        }
        guard.reset();
        buffer.clear();
        learner.reset();
        Arrays.fill(pendingGen, -1);
        Arrays.fill(pendingCount, 0);
        Arrays.fill(classErrSum, 0);
        Arrays.fill(classErrN, 0);
        decisions = followed =
                fallbackDecisions = agingPicks = preemptions = pendingOverwritten = deadlinePicks = modelOverrides = 0;
        lastN = 0;
        lastPicked = -1;
    }

    /**
     * One candidate of the last fair decision.
     *
     * @param rankIndex the Gittins index of its class's learned sizes at its attained service (completions per second)
     */
    public record Candidate(
            long pid,
            String name,
            double predictedBurstMs,
            double attention,
            double waitMs,
            boolean picked,
            double rankIndex) {}

    /** A feature of the explained task: its value and how much the prediction moves when it is zeroed (occlusion). */
    public record Contribution(String feature, double value, double effect) {}

    /**
     * Why the last fair decision went the way it did.
     *
     * @param pid        the explained task (the picked one unless asked otherwise)
     * @param byFallback whether CFS made the decision
     * @param candidates the candidates (best-ranked queued tasks) with the explained task's attention weight on each
     * @param features   the explained task's features and their occlusion effects on its prediction (in ms)
     */
    public record Explanation(
            long timeNs,
            long pid,
            String name,
            boolean byFallback,
            double predictedBurstMs,
            List<Candidate> candidates,
            List<Contribution> features) {}

    /**
     * Explains the last fair decision from the task with pid {@code pid} (or the picked one if
     * {@code pid < 0}), re-running the model on the stored inputs. Empty if no decision yet or
     * the task was not among that decision's candidates. Not for the hot path: it allocates.
     */
    public Optional<Explanation> explain(long pid) {
        if (lastPicked < 0) {
            return Optional.empty();
        }
        int n = lastN, row = lastPicked;
        if (pid >= 0) {
            row = -1;
            for (int r = 0; r < n; r++) {
                if (ctx.task(lastIdx[r]).pid() == pid) {
                    row = r;
                }
            }
            if (row < 0) {
                return Optional.empty();
            }
        }
        if (scratch.length < n * f) {
            scratch = new float[n * f];
        }
        System.arraycopy(lastX, 0, scratch, 0, n * f);
        System.arraycopy(scratch, 0, model.input(n), 0, n * f);
        float[] p = model.forward(n);
        float base = p[row];
        List<Candidate> cands = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            SchedTask t = ctx.task(lastIdx[r]);
            cands.add(new Candidate(
                    t.pid(),
                    t.name(),
                    Features.fromTarget(lastPred[r]) / 1e6,
                    model.attention(row, r),
                    Math.max(0, lastDecisionNs - t.runnableSinceNs()) / 1e6,
                    r == lastPicked,
                    lastIndex[r] * 1e9));
        }
        List<Contribution> contrib = new ArrayList<>();
        for (int j = 0; j < f; j++) {
            System.arraycopy(scratch, 0, model.input(n), 0, n * f);
            float[] x = model.input(n);
            float v = x[row * f + j];
            x[row * f + j] = 0f;
            float[] q = model.forward(n);
            contrib.add(new Contribution(
                    Features.NAMES.get(j), v, (Features.fromTarget(base) - Features.fromTarget(q[row])) / 1e6));
        }
        SchedTask t = ctx.task(lastIdx[row]);
        return Optional.of(new Explanation(
                lastDecisionNs, t.pid(), t.name(), !lastFollowed, Features.fromTarget(base) / 1e6, cands, contrib));
    }
}
