package kos.attn;

import kos.sched.EnqueueReason;
import kos.sched.PolicyFactory;
import kos.sched.PolicyRegistry;
import kos.sched.SchedContext;
import kos.sched.SchedTask;
import kos.sched.SchedulingPolicy;
import kos.sched.Topology;
import kos.sim.Simulation;
import kos.sim.Telemetry;
import kos.sim.TelemetryNames;
import kos.sim.Trace;
import kos.sim.TraceKind;
import kos.sim.WorkloadParams;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The attention scheduler: one global run queue whose next task is chosen by
 * {@link AttentionModel} over all queued tasks.
 *
 * <p><b>Decision.</b> Every queued task's {@link Features} go through the model together; the
 * task with the smallest predicted remaining CPU burst runs (an SRPT approximation without the
 * oracle), ties to the lower task index, except that a task that has waited at least
 * {@link AttentionConfig#agingNs()} runs first (the longest-waiting such task), so nothing waits
 * much longer than that bound behind a stream of short tasks. Its slice is its predicted
 * remaining burst times {@code slice-factor}, clamped to {@code [min-slice, max-slice]}: long
 * slices for CPU-bound work, short ones for interactive tasks. A waking task preempts the running
 * one when the running task's predicted remaining burst is {@code preempt-ratio} times the woken
 * one's.
 *
 * <p><b>Learning.</b> Each decision stores the picked task's view (the run queue's features,
 * that task first) in a bounded {@link ReplayBuffer}; when the task's CPU burst ends (seen at its
 * next enqueue), the sample gets its target {@code ln(1 + remaining burst / 100us)}, where the
 * remaining burst is the burst's length minus what it had used at the decision. Every
 * {@code update-every} decisions the {@link OnlineLearner} takes one step.
 *
 * <p><b>Fallback.</b> The mean absolute prediction error (exponential average over about 32
 * resolved samples, after at least 50) above {@code error-bound} switches decisions to an embedded
 * CFS run queue that takes over the queued tasks; predictions and learning continue, and when the
 * error drops below 0.8 x the bound the attention decisions resume. In live mode only, a mean
 * decision latency above the budget also falls back (never in simulation runs, where wall-clock
 * time must not influence a decision). Transitions are counted in {@link #stats()} and, once
 * {@link #bind bound} to a simulation, recorded in its trace as {@code attn.fallback}.
 *
 * <p>Allocation-free per decision once its buffers have grown to the largest run queue seen.
 */
public final class AttentionPolicy implements SchedulingPolicy {
    public static final String NAME = "attention";
    static final TraceKind FALLBACK = TraceKind.of("attn.fallback", "on", "errorMilli", "decisions");
    static final TraceKind LEARN = TraceKind.of("attn.learn", "step", "lossMicro", "resolved");
    private static final PolicyFactory CFS = PolicyRegistry.withBuiltins().get("cfs");
    private static final int MIN_ERROR_SAMPLES = 50;
    private static final double ERROR_ALPHA = 1.0 / 32;

    private final SchedContext ctx;
    private final AttentionConfig config;
    private final AttentionModel model;
    private final ReplayBuffer buffer;
    private final OnlineLearner learner;
    private final int f;

    // run queue: task indices in insertion order (swap-remove), position by index
    private int[] queue = new int[64];
    private int size;
    private int[] pos = new int[64];
    // per task, by index
    // up to PENDING unresolved samples per task (one per pick within the current burst): slot i * PENDING + k
    private static final int PENDING = 4;
    private long[] pendingGen = new long[64 * PENDING], burstAtPick = new long[64 * PENDING];
    private long[] burstsSeen = new long[64], predNs = new long[64];
    private int[] pickedEpoch = new int[64], pendingCount = new int[64];
    // the task that last left a CPU, until we know whether its burst ended (no immediate requeue) or not
    private int justStopped = -1;
    private long justStoppedBurstNs;
    // the woken task's prediction, cached across the per-CPU shouldPreempt calls of one wakeup
    private int preemptIdx = -1;
    private long preemptAtNs = -1, preemptPredNs;
    private float[] scratch = new float[0];
    private final Features.Memo memo = new Features.Memo();

    // fallback
    private SchedulingPolicy cfs;
    private int epoch;
    private double errorEwma = Double.NaN, latencyEwmaNs;
    private long errorSamples;

    // counters
    private long decisions, followed, fallbackDecisions, fallbackEntries, fallbackExits, agingPicks, preemptions, pendingOverwritten;

    // explain snapshot
    private float[] lastX = new float[0];
    private int[] lastIdx = new int[0];
    private float[] lastPred = new float[0];
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
        return config.describe() + (inFallback() ? " [fallback: cfs]" : "");
    }

    @Override
    public Topology topology() {
        return Topology.GLOBAL;
    }

    public boolean inFallback() {
        return cfs != null;
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
        pickedEpoch = Arrays.copyOf(pickedEpoch, n);
    }

    private void add(int index) {
        if (size == queue.length) {
            queue = Arrays.copyOf(queue, size * 2);
        }
        pos[index] = size;
        queue[size++] = index;
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
        return true;
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
        add(i);
        if (cfs != null) {
            cfs.enqueue(t, why);
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
                observeError(Math.abs(predicted - y));
            }
        }
    }

    private void observeError(double e) {
        errorSamples++;
        errorEwma = Double.isNaN(errorEwma) ? e : errorEwma + (e - errorEwma) * ERROR_ALPHA;
        if (cfs == null && errorSamples >= MIN_ERROR_SAMPLES && errorEwma > config.errorBound()) {
            enterFallback();
        } else if (cfs != null && errorEwma < 0.8 * config.errorBound() && !(config.live() && latencyEwmaNs > config.latencyBudgetNs())) {
            exitFallback();
        }
    }

    private void enterFallback() {
        cfs = CFS.create(ctx, new WorkloadParams(Map.of()));
        epoch++;
        for (int p = 0; p < size; p++) {
            cfs.enqueue(ctx.task(queue[p]), EnqueueReason.POLICY_CHANGE);
        }
        fallbackEntries++;
        if (trace != null) {
            trace.record(FALLBACK, ctx.now(), 1, Math.round(errorEwma * 1000), decisions);
        }
    }

    private void exitFallback() {
        for (int p = 0; p < size; p++) {
            cfs.dequeue(ctx.task(queue[p]), EnqueueReason.POLICY_CHANGE);
        }
        cfs = null;
        epoch++; // tasks CFS picked are no longer its business when they stop
        fallbackExits++;
        if (trace != null) {
            trace.record(FALLBACK, ctx.now(), 0, Math.round(errorEwma * 1000), decisions);
        }
    }

    @Override
    public void dequeue(SchedTask t, EnqueueReason why) {
        settleStopped();
        if (remove(t.index()) && cfs != null) {
            cfs.dequeue(t, why);
        }
    }

    @Override
    public int size() {
        return size;
    }

    /** Fills the model input with the queued tasks' features in queue order and runs it. */
    private float[] predictQueue(long now) {
        float[] x = model.input(size);
        for (int p = 0; p < size; p++) {
            Features.extract(ctx.task(queue[p]), now, x, p * f, memo);
        }
        return model.forward(size);
    }

    @Override
    public SchedTask pickNext(int cpu) {
        settleStopped();
        if (size == 0) {
            return null;
        }
        long t0 = trace != null || config.live() ? System.nanoTime() : 0;
        long now = ctx.now();
        int n = size;
        float[] p = predictQueue(now);
        int row;
        boolean attention = cfs == null;
        if (!attention) {
            SchedTask c = cfs.pickNext(cpu);
            if (c == null) { // cannot happen while both queues hold the same tasks; decide ourselves rather than fail
                attention = true;
                row = choose(p, n, now);
            } else {
                row = pos[c.index()];
                fallbackDecisions++;
            }
        } else {
            row = choose(p, n, now);
        }
        int idx = queue[row];
        SchedTask t = ctx.task(idx);
        snapshot(n, p, row, now, attention);
        if (pendingCount[idx] < PENDING) {
            int k = idx * PENDING + pendingCount[idx]++;
            pendingGen[k] = buffer.add(model.input(n), n, row, p[row]);
            burstAtPick[k] = t.currentBurstNs();
        }
        predNs[idx] = Features.fromTarget(p[row]);
        pickedEpoch[idx] = attention ? -1 : epoch;
        remove(idx);
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
                latencyEwmaNs = latencyEwmaNs == 0 ? dt : latencyEwmaNs + (dt - latencyEwmaNs) / 32;
                if (cfs == null && latencyEwmaNs > config.latencyBudgetNs()) {
                    enterFallback();
                }
            }
        }
        return t;
    }

    /**
     * The hard aging bound first (the longest wait at or over it), else the highest response
     * ratio {@code (wait + aging-scale) / predicted}: with equal waits the shortest predicted
     * burst, and a long task's priority grows with its wait (HRRN), so a stream of short tasks
     * delays it but cannot starve it. Ties to the lower task index.
     */
    private int choose(float[] p, int n, long now) {
        int best = -1;
        long bestWait = config.agingNs() - 1;
        for (int r = 0; r < n; r++) {
            long w = now - ctx.task(queue[r]).runnableSinceNs();
            if (w > bestWait || (w == bestWait && best >= 0 && queue[r] < queue[best])) {
                best = r;
                bestWait = w;
            }
        }
        if (best >= 0) {
            agingPicks++;
            return best;
        }
        double bestPrio = -1;
        double scale = config.agingScaleNs();
        for (int r = 0; r < n; r++) {
            long w = Math.max(0, now - ctx.task(queue[r]).runnableSinceNs());
            double prio = (w + scale) / Math.max(1000.0, Features.fromTarget(p[r]));
            if (prio > bestPrio || (prio == bestPrio && queue[r] < queue[best])) {
                best = r;
                bestPrio = prio;
            }
        }
        return best;
    }

    private void snapshot(int n, float[] p, int row, long now, boolean attention) {
        if (lastX.length < n * f) {
            int c = Math.max(n, lastIdx.length * 2);
            lastX = new float[c * f];
            lastIdx = new int[c];
            lastPred = new float[c];
        }
        System.arraycopy(model.input(n), 0, lastX, 0, n * f);
        System.arraycopy(queue, 0, lastIdx, 0, n);
        System.arraycopy(p, 0, lastPred, 0, n);
        lastN = n;
        lastPicked = row;
        lastDecisionNs = now;
        lastFollowed = attention;
    }

    @Override
    public long sliceNs(SchedTask t, int cpu) {
        int i = t.index();
        if (cfs != null && pickedEpoch[i] == epoch) {
            return cfs.sliceNs(t, cpu);
        }
        double s = predNs[i] * config.sliceFactor();
        return (long) Math.max(config.minSliceNs(), Math.min(config.maxSliceNs(), s));
    }

    @Override
    public void stopped(SchedTask t, long ranNs) {
        settleStopped();
        int i = t.index();
        justStopped = i;
        justStoppedBurstNs = t.currentBurstNs();
        if (cfs != null && pickedEpoch[i] == epoch) {
            cfs.stopped(t, ranNs);
        }
    }

    @Override
    public boolean shouldPreempt(SchedTask running, long ranNs, SchedTask woken) {
        settleStopped();
        int ri = running.index();
        if (cfs != null) {
            return pickedEpoch[ri] == epoch && cfs.shouldPreempt(running, ranNs, woken);
        }
        if (config.preemptRatio() <= 0 || pos[woken.index()] < 0) {
            return false;
        }
        long left = predNs[ri] - ranNs;
        if (left <= config.minSliceNs()) {
            return false;
        }
        long now = ctx.now();
        if (preemptIdx != woken.index() || preemptAtNs != now) {
            float[] p = predictQueue(now);
            preemptIdx = woken.index();
            preemptAtNs = now;
            preemptPredNs = Features.fromTarget(p[pos[woken.index()]]);
        }
        long wokenNs = preemptPredNs;
        boolean preempt = wokenNs * config.preemptRatio() < left;
        if (preempt) {
            preemptions++;
        }
        return preempt;
    }

    // ---------------------------------------------------------------- reporting

    /** Counters and state, for {@code schedctl transformer stats}. */
    public record Stats(long decisions, long followed, long fallbackDecisions, boolean inFallback, long fallbackEntries,
                        long fallbackExits, long agingPicks, long preemptions, long learningSteps, double lastLoss,
                        double predictionError, long errorSamples, int replayResolved, long pendingOverwritten, boolean learning,
                        String optimizer, float lr, String weights, int queued) {
    }

    public Stats stats() {
        return new Stats(decisions, followed, fallbackDecisions, cfs != null, fallbackEntries, fallbackExits, agingPicks, preemptions,
                learner.steps(), learner.lastLoss(), errorEwma, errorSamples, buffer.resolved(), pendingOverwritten, config.learn(),
                config.optimizer().name().toLowerCase(java.util.Locale.ROOT), config.lr(), weightsSource, size);
    }

    /** The running mean absolute prediction error in natural-log units (NaN before the first resolved burst). */
    /** The decisions whose outcome is known (the replay buffer's resolved samples), oldest first. */
    public java.util.List<Example> examples() {
        return buffer.resolvedExamples();
    }

    public double predictionError() {
        return errorEwma;
    }

    /** Forgets the replay buffer, the error average, the counters and any fallback (the weights stay). */
    public void resetState() {
        if (cfs != null) {
            exitFallback();
        }
        buffer.clear();
        learner.reset();
        Arrays.fill(pendingGen, -1);
        Arrays.fill(pendingCount, 0);
        errorEwma = Double.NaN;
        errorSamples = 0;
        latencyEwmaNs = 0;
        decisions = followed = fallbackDecisions = fallbackEntries = fallbackExits = agingPicks = preemptions = pendingOverwritten = 0;
        lastN = 0;
        lastPicked = -1;
    }

    /** One task of the last decision's run queue. */
    public record Candidate(long pid, String name, double predictedBurstMs, double attention, double waitMs, boolean picked) {
    }

    /** A feature of the explained task: its value and how much the prediction moves when it is zeroed (occlusion). */
    public record Contribution(String feature, double value, double effect) {
    }

    /**
     * Why the last decision went the way it did.
     *
     * @param pid        the explained task (the picked one unless asked otherwise)
     * @param byFallback whether CFS made the decision
     * @param candidates every queued task with the explained task's attention weight on it
     * @param features   the explained task's features and their occlusion effects on its prediction (in ms)
     */
    public record Explanation(long timeNs, long pid, String name, boolean byFallback, double predictedBurstMs,
                              List<Candidate> candidates, List<Contribution> features) {
    }

    /**
     * Explains the last decision from the task with pid {@code pid} (or the picked one if
     * {@code pid < 0}), re-running the model on the stored inputs. Empty if no decision yet or
     * the task was not in that run queue. Not for the hot path: it allocates.
     */
    public java.util.Optional<Explanation> explain(long pid) {
        if (lastPicked < 0) {
            return java.util.Optional.empty();
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
                return java.util.Optional.empty();
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
            cands.add(new Candidate(t.pid(), t.name(), Features.fromTarget(lastPred[r]) / 1e6, model.attention(row, r),
                    Math.max(0, lastDecisionNs - t.runnableSinceNs()) / 1e6, r == lastPicked));
        }
        List<Contribution> contrib = new ArrayList<>();
        for (int j = 0; j < f; j++) {
            System.arraycopy(scratch, 0, model.input(n), 0, n * f);
            float[] x = model.input(n);
            float v = x[row * f + j];
            x[row * f + j] = 0f;
            float[] q = model.forward(n);
            contrib.add(new Contribution(Features.NAMES.get(j), v, (Features.fromTarget(base) - Features.fromTarget(q[row])) / 1e6));
        }
        SchedTask t = ctx.task(lastIdx[row]);
        return java.util.Optional.of(new Explanation(lastDecisionNs, t.pid(), t.name(), !lastFollowed, Features.fromTarget(base) / 1e6,
                cands, contrib));
    }
}
