package kos.sona;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import kos.nn.Linear;
import kos.nn.LinearLayer;
import kos.sim.KosException;
import kos.sim.SeedStream;
import kos.simd.FloatKernels;

/**
 * SONA's three learning loops on virtual time, over one {@link SonaModel}:
 * <ul>
 *   <li><b>Loop A</b>, per decision ({@link #onDecision}): the step goes into the
 *   {@link TrajectoryBuffer}; the MicroLoRA gradient of the step's loss (the prediction's squared
 *   error, clipped, plus {@code reinforceWeight} times REINFORCE with a baseline on the step's reward)
 *   is accumulated and applied every {@code applyEvery} decisions; the step's embedding is looked up in the
 *   {@link ReasoningBank} (an access of its nearest pattern) and feeds the {@link TaskBoundaryDetector}.</li>
 *   <li><b>Loop B</b>, every {@code loopBPeriodNs} of virtual time ({@link #advance}): recall (the
 *   remembered tasks' adapters are tried on the period's steps; one that predicts them clearly better
 *   is taken back), k-means++ pattern extraction into the {@link ReasoningBank}, then BaseLoRA
 *   mini-batch updates over the buffered steps under EWC++ (online Fisher, proximal steps), then the
 *   MicroLoRA decays, the period and a snapshot of the adapters go into the {@link TaskMemory}, and
 *   the buffer is cleared.</li>
 *   <li><b>Loop C</b>, on demand or at a task boundary ({@link #loopC}): consolidation (decay,
 *   prune, merge patterns) and dreams: exemplars of stored patterns, drawn by weight, replayed
 *   through the model to train the BaseLoRA under EWC++, so older workloads are rehearsed.</li>
 * </ul>
 * At a task boundary the task that ended is remembered (EWC++: BaseLoRA and Fisher; recall: every
 * adapter) as it was before the change began, estimated from the periods' embeddings.
 *
 * <p>Deterministic: virtual time only, the streams {@code sona.init.MODULE}, {@code sona.kmeans}
 * and {@code sona.dream} from the configured seed, fixed iteration orders, kernels whose vector and
 * scalar results are the same bits. Not thread-safe: call from the simulation thread.
 */
public final class LoopCoordinator {
    /** Pattern extraction's k-means++ seeding. */
    static final SeedStream KMEANS = SeedStream.named("sona.kmeans");
    /** The dream engine's replay draws. */
    static final SeedStream DREAM = SeedStream.named("sona.dream");
    /** Loop B's mini-batch draws. */
    static final SeedStream BATCH = SeedStream.named("sona.batch");

    private final FloatKernels k;
    private final SonaModel model;
    private final SonaConfig config;
    private final List<SonaLinear> wrapped = new ArrayList<>();
    private final TrajectoryBuffer buffer;
    private final Reinforce reinforce;
    private final EwcPlusPlus ewc;
    private final TaskBoundaryDetector boundary;
    private final ReasoningBank bank;
    private final SplittableRandom kmeansRandom, dreamRandom, batchRandom;
    private final float[] theta, grad, dp, probs, scratchRows;
    private final int maxRows;
    /** Loop-B periods the task memory looks back over (at the default 2 s: 48 s). */
    static final int HISTORY = 24;
    /** Loop-B periods whose steps are compared with the remembered tasks for a recall between boundaries. */
    static final int RECENT = 2;
    /** Task memory: null when neither EWC++ (lambda 0 at start) nor recall is on (the no-EWC++ arm). */
    private final TaskMemory memory;
    /** Every adapter's values: the BaseLoRAs (as {@link #theta}) then the MicroLoRAs. */
    private final float[] all, trial, fisherAt;

    private int currentTask = -1;
    private long taskStartNs = Long.MIN_VALUE;
    private long nextLoopBNs = -1;
    /** Virtual times of the first {@code boundaryTimes.length} task boundaries detected. */
    private final long[] boundaryTimes = new long[32];

    private long decisions, microApplies, loopBRuns, loopCRuns, baseSteps, dreamsReplayed, boundaries;
    private long loopANanos, loopBNanos, loopCNanos; // wall clock, reported only
    private double lastLoss = Double.NaN, lossEwma = Double.NaN;
    private boolean attached;

    /**
     * Wraps the configured modules of {@code model} (each must be a plain {@link Linear}) with
     * {@link SonaLinear}s whose adapters change nothing yet.
     *
     * @param maxRows rows per decision at most (longer decisions are truncated)
     * @param embDim  floats per step embedding
     */
    public LoopCoordinator(FloatKernels k, SonaModel model, SonaConfig config, int maxRows, int embDim) {
        this.k = k;
        this.model = model;
        this.config = config;
        this.maxRows = maxRows;
        for (String m : config.targets()) {
            if (!(model.layers().get(m) instanceof Linear)) {
                throw new KosException("SONA: module " + m + " is already wrapped (detach other adapters first)");
            }
        }
        int size = 0, microSize = 0;
        for (String m : config.targets()) {
            Linear l = (Linear) model.layers().get(m);
            SplittableRandom init = SeedStream.named("sona.init." + m).random(config.seed());
            LowRankAdapter micro =
                    LowRankAdapter.micro(k, m + ".micro", l.inFeatures(), l.outFeatures(), config.microRank(), init);
            LowRankAdapter base = LowRankAdapter.base(
                    k, m + ".base", l.inFeatures(), l.outFeatures(), config.baseRank(), config.baseAlpha(), init);
            wrapped.add(new SonaLinear(l, micro, base));
            size += base.parameterCount();
            microSize += micro.parameterCount();
        }
        buffer = new TrajectoryBuffer(config.bufferCapacity(), model.width(), maxRows, embDim);
        reinforce = new Reinforce(config.temperature(), 0.01f);
        ewc = new EwcPlusPlus(size, config.lambda(), config.fisherDecay(), config.maxTasks());
        boundary = new TaskBoundaryDetector(
                model.width(),
                config.boundaryWindow(),
                config.boundaryZ(),
                0.05,
                4 * config.boundaryWindow(),
                config.boundaryWindow(),
                BOUNDARY_CLIP);
        bank = new ReasoningBank(k, embDim, config.clusters(), config.maxPatterns(), 0.05, 8);
        kmeansRandom = KMEANS.random(config.seed());
        dreamRandom = DREAM.random(config.seed());
        batchRandom = BATCH.random(config.seed());
        theta = new float[size];
        grad = new float[size];
        dp = new float[maxRows];
        probs = new float[maxRows];
        scratchRows = new float[maxRows * model.width()];
        memory = config.lambda() > 0 || config.recall()
                ? new TaskMemory(embDim, size + microSize, size, HISTORY, config.maxTasks())
                : null;
        all = new float[size + microSize];
        trial = new float[size + microSize];
        fisherAt = new float[size];
        attach();
    }

    /** Puts the SONA wrappers into the model (idempotent). */
    public void attach() {
        if (attached) {
            return;
        }
        for (SonaLinear s : wrapped) {
            model.layers().replace(s.name(), l -> s);
        }
        attached = true;
    }

    /** Restores the plain base layers (the adapters are kept and can be attached again). */
    public void detach() {
        if (!attached) {
            return;
        }
        for (SonaLinear s : wrapped) {
            model.layers().replace(s.name(), l -> s.base().frozen(false));
        }
        attached = false;
    }

    public boolean attached() {
        return attached;
    }

    // ---------------------------------------------------------------- Loop A

    /**
     * Loop A for one resolved decision at virtual time {@code nowNs}.
     *
     * @param x         {@code n} rows of {@code width} features, the chosen row first
     * @param target    what the chosen row's score should have been
     * @param reward    the decision's reward (higher is better)
     * @param embedding the step's workload summary ({@code embDim} floats)
     */
    public void onDecision(long nowNs, float[] x, int n, float target, float reward, float[] embedding) {
        long t0 = System.nanoTime();
        advance(nowNs);
        n = Math.min(n, maxRows);
        System.arraycopy(x, 0, model.input(n), 0, n * model.width());
        float[] p = model.forward(n);
        float predicted = p[0];
        buffer.record(nowNs, x, 0, n, predicted, target, reward, embedding, 0);
        if (memory != null) {
            memory.observe(embedding, 0);
        }
        float adv = reinforce.advantage(reward);
        lossGradient(p, n, target, adv, config.reinforceWeight());
        learning(SonaLinear.Learning.MICRO);
        model.backward(dp);
        learning(SonaLinear.Learning.NONE);
        for (SonaLinear s : wrapped) {
            s.micro().countStep();
        }
        decisions++;
        if (decisions % config.applyEvery() == 0) {
            for (SonaLinear s : wrapped) {
                s.micro().apply(config.microLr(), config.gradClip());
            }
            microApplies++;
        }
        if (recallIn > 0 && --recallIn == 0) {
            deferredRecall();
        }
        bank.nearest(embedding, 0, nowNs); // the pattern this decision belongs to: its access count and time
        if (boundary.observe(nowNs, x, 0, target)) {
            onTaskBoundary(nowNs, -1);
        }
        loopANanos += System.nanoTime() - t0;
    }

    /** dp = clip(p0 - y) on row 0 plus w * REINFORCE; records the loss. */
    private void lossGradient(float[] p, int n, float target, float advantage, float w) {
        Arrays.fill(dp, 0, n, 0f);
        float err = p[0] - target;
        dp[0] = Math.max(-4f, Math.min(4f, err));
        double loss = 0.5 * err * err;
        lastLoss = loss;
        lossEwma = Double.isNaN(lossEwma) ? loss : lossEwma + (loss - lossEwma) / 64;
        if (w > 0 && n > 1) {
            reinforce.addGradient(p, n, advantage, w, dp, probs);
        }
    }

    private void learning(SonaLinear.Learning l) {
        for (SonaLinear s : wrapped) {
            s.learning(l);
        }
    }

    /**
     * A task boundary at {@code nowNs}: detected by the {@link TaskBoundaryDetector} ({@code recallTask} -1), or the
     * return of remembered task {@code recallTask} recognised by {@link #checkRecall}. Without a task memory (EWC++ off
     * at start and no recall) EWC++ remembers the BaseLoRA as it is now. With one, the task that ended is remembered
     * (all adapters for recall; the BaseLoRA and the online Fisher for EWC++) as it was at the end of the last Loop-B
     * period before the change, not as it is now, seconds into the next workload and already trained on it. The change
     * is where the detector's window began (session 9), the period of an error jump, or, for a recall, the split of
     * the periods' embeddings ({@link TaskMemory#changePoint}). Then Loop C; then a returning task's adapters are put
     * back.
     */
    private void onTaskBoundary(long nowNs, int recallTask) {
        if (boundaries < boundaryTimes.length) {
            boundaryTimes[(int) boundaries] = nowNs;
        }
        boundaries++;
        if (memory == null) {
            if (config.lambda() > 0) {
                gather(theta, false);
                ewc.rememberTask(theta);
            }
            if (config.dreamOnBoundary()) {
                loopC(nowNs);
            }
            return;
        }
        int c = errorJump
                ? memory.closedSince(taskStartNs)
                : recallTask < 0
                        ? memory.closedUntil(taskStartNs, boundary.windowStartNs())
                        : memory.changePoint(taskStartNs);
        errorJump = false;
        gatherAll(all);
        System.arraycopy(ewc.fisher(), 0, fisherAt, 0, fisherAt.length);
        if (c >= 1) {
            memory.snapshotAt(taskStartNs, c - 1, all, fisherAt);
        }
        int slot = memory.store(currentTask, all);
        ewc.rememberTask(slot, all, 0, fisherAt);
        if (config.dreamOnBoundary()) {
            loopC(nowNs);
        }
        int t = recallTask;
        recallIn = -1;
        if (t < 0 && config.recall()) { // detected: has a remembered task returned? judged RECALL_DELAY steps on
            recallIn = RECALL_DELAY;
            recallExcept = slot;
        }
        currentTask = -1;
        if (t >= 0) {
            memory.recall(t, all);
            scatterAll(all);
            currentTask = t;
        }
        taskStartNs = nowNs;
        errN = 0;
        errMean = errM2 = 0;
    }

    /**
     * Decisions after a detected boundary at which recall is tried on the steps since (at most this many): the
     * detector can fire within a few steps of a change (session 9), before the new workload has steps to judge by.
     */
    static final int RECALL_DELAY = 32;

    private int recallIn = -1, recallExcept = -1;

    /** Recall {@link #RECALL_DELAY} decisions after a detected boundary, on the buffered steps since (Loop B may have
     * taken some). */
    private void deferredRecall() {
        int n = buffer.size();
        int t = bestRemembered(Math.max(0, n - RECALL_DELAY), n, recallExcept);
        if (t >= 0) {
            memory.recall(t, all);
            scatterAll(all);
            currentTask = t;
        }
    }

    /**
     * Recall, at the start of Loop B: has a remembered task returned? ({@link #bestRemembered} on the period's
     * {@code n} buffered steps.) If so, a boundary, and its adapters are taken back before Loop B trains on the period.
     */
    private void checkRecall(long nowNs, int n) {
        if (!config.recall()) {
            return;
        }
        int best = bestRemembered(0, n, currentTask);
        if (best >= 0) {
            boundary.restart();
            onTaskBoundary(nowNs, best);
        }
    }

    /**
     * The remembered task (but {@code except}) whose adapters, replayed on buffered steps {@code [from, to)}, have a
     * mean prediction error lower than the current adapters' had on them by at least the recall gain; the lowest wins,
     * ties to the lower slot; -1 if none (or fewer than {@link #MIN_RECALL_STEPS} steps). The current adapters' error
     * is the one recorded when each step was taken (prequential: before the step trained them), so both sides are
     * judged on steps they did not learn from.
     */
    private int bestRemembered(int from, int to, int except) {
        if (memory.tasks() == 0 || to - from < MIN_RECALL_STEPS) {
            return -1;
        }
        double current = 0;
        for (int s = from; s < to; s++) {
            current += Math.abs(buffer.prediction(s) - buffer.target(s));
        }
        double bar = current / (to - from) * (1 - config.recallGain());
        gatherAll(all);
        int best = -1;
        for (int t = 0; t < memory.tasks(); t++) {
            if (t == except) {
                continue;
            }
            memory.copy(t, trial);
            scatterAll(trial);
            double e = replayError(from, to);
            if (e < bar) {
                bar = e;
                best = t;
            }
        }
        scatterAll(all);
        return best;
    }

    /**
     * A task boundary from the model's own error: the period's prequential error is more than {@link #JUMP_Z}
     * standard deviations above the mean of the periods since the last boundary (at least {@link #JUMP_PERIODS} of
     * them) and {@link #JUMP_RATIO} times it. The change is then this period: the task that ended is remembered as at
     * the end of the last closed one, and recall is tried on the last window of steps. True when it fired.
     */
    private boolean errorShift(long nowNs, int n) {
        if (!config.errorBoundary() || !config.recall() || n < MIN_RECALL_STEPS) {
            return false;
        }
        double e = 0;
        for (int s = 0; s < n; s++) {
            e += Math.abs(buffer.prediction(s) - buffer.target(s));
        }
        e /= n;
        if (errN >= JUMP_PERIODS) {
            double sd = Math.sqrt(errM2 / (errN - 1));
            if (e > errMean + JUMP_Z * sd && e > JUMP_RATIO * errMean) {
                errorJump = true;
                boundary.restart();
                onTaskBoundary(nowNs, -1);
                return true;
            }
        }
        errN++;
        double d = e - errMean;
        errMean += d / errN;
        errM2 += d * (e - errMean);
        return false;
    }

    /**
     * The largest residual the boundary detector counts, in target units (natural log): chosen on the forgetting
     * scenario's training seeds 1-8 and the adaptation scenario's 1-2 among 2, 3 and 4 (2 never fired, 4 missed one
     * return to A; 3 found both changes on all ten runs and nothing else).
     */
    static final double BOUNDARY_CLIP = 3.0;

    static final int JUMP_PERIODS = 4;
    static final double JUMP_Z = 3, JUMP_RATIO = 1.3;
    private boolean errorJump;
    private long errN;
    private double errMean, errM2;

    /** Steps a period needs before recall is tried on it. */
    static final int MIN_RECALL_STEPS = 16;

    /** Mean |prediction - target| of the model as it is now over buffered steps {@code [from, to)}. */
    private double replayError(int from, int to) {
        double sum = 0;
        for (int s = from; s < to; s++) {
            int rows = buffer.rows(s);
            buffer.copyRows(s, scratchRows);
            System.arraycopy(scratchRows, 0, model.input(rows), 0, rows * model.width());
            sum += Math.abs(model.forward(rows)[0] - buffer.target(s));
        }
        return sum / (to - from);
    }

    /** Every adapter's values into {@code out}: the BaseLoRAs in {@link #gather} order, then the MicroLoRAs. */
    private void gatherAll(float[] out) {
        gather(out, false);
        int off = theta.length;
        for (SonaLinear s : wrapped) {
            float[] a = s.micro().a(), b = s.micro().bt();
            System.arraycopy(a, 0, out, off, a.length);
            off += a.length;
            System.arraycopy(b, 0, out, off, b.length);
            off += b.length;
        }
    }

    private void scatterAll(float[] in) {
        scatter(in);
        int off = theta.length;
        for (SonaLinear s : wrapped) {
            float[] a = s.micro().a(), b = s.micro().bt();
            System.arraycopy(in, off, a, 0, a.length);
            off += a.length;
            System.arraycopy(in, off, b, 0, b.length);
            off += b.length;
        }
    }

    // ---------------------------------------------------------------- Loop B

    /** Runs Loop B whenever its period has elapsed by {@code nowNs} (the first period starts at the first call). */
    public void advance(long nowNs) {
        if (nextLoopBNs < 0) {
            nextLoopBNs = nowNs + config.loopBPeriodNs();
            return;
        }
        if (nowNs >= nextLoopBNs) {
            loopB(nowNs);
            while (nextLoopBNs <= nowNs) {
                nextLoopBNs += config.loopBPeriodNs();
            }
        }
    }

    /** Loop B now: patterns, BaseLoRA under EWC++, MicroLoRA decay, buffer cleared. */
    public void loopB(long nowNs) {
        long t0 = System.nanoTime();
        int n = buffer.size();
        if (memory != null && !errorShift(nowNs, n)) {
            checkRecall(nowNs, n);
        }
        if (n > 0) {
            bank.extract(buffer, nowNs, kmeansRandom);
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = batchRandom.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int start = 0; start < n; start += config.batch()) {
                int end = Math.min(n, start + config.batch());
                zeroBaseGrads();
                for (int i = start; i < end; i++) {
                    int s = order[i];
                    int rows = buffer.rows(s);
                    buffer.copyRows(s, scratchRows);
                    baseGradient(scratchRows, rows, buffer.target(s), 1f / (end - start));
                }
                baseStep();
            }
            for (SonaLinear s : wrapped) {
                s.micro().scaleB(config.microDecay());
            }
            buffer.clear();
        }
        loopBRuns++;
        if (memory != null) {
            gatherAll(all);
            memory.closePeriod(nowNs, all, ewc.fisher());
        }
        loopBNanos += System.nanoTime() - t0;
    }

    private void zeroBaseGrads() {
        for (SonaLinear s : wrapped) {
            s.baseLora().zeroGrad();
        }
    }

    /** Accumulates the BaseLoRA gradient of one step's prediction loss, scaled by {@code w}. */
    private void baseGradient(float[] rows, int n, float target, float w) {
        System.arraycopy(rows, 0, model.input(n), 0, n * model.width());
        float[] p = model.forward(n);
        Arrays.fill(dp, 0, n, 0f);
        dp[0] = w * Math.max(-4f, Math.min(4f, p[0] - target));
        learning(SonaLinear.Learning.BASE);
        model.backward(dp);
        learning(SonaLinear.Learning.NONE);
    }

    /** One BaseLoRA step: Fisher update, then the proximal EWC++ step (plain SGD when lambda is 0). */
    private void baseStep() {
        gather(grad, true);
        gather(theta, false);
        ewc.observe(grad, 0); // the Fisher sees the gradient before clipping
        clip(grad, config.gradClip());
        ewc.proximalStep(theta, grad, config.baseLr());
        scatter(theta);
        zeroBaseGrads();
        baseSteps++;
    }

    /** Scales {@code g} down to L2 norm {@code max} when larger (0: unchanged); the norm summed in double, in order. */
    static void clip(float[] g, float max) {
        if (max <= 0) {
            return;
        }
        double n2 = 0;
        for (float v : g) {
            n2 += (double) v * v;
        }
        double norm = Math.sqrt(n2);
        if (norm > max) {
            float f = (float) (max / norm);
            for (int i = 0; i < g.length; i++) {
                g[i] *= f;
            }
        }
    }

    /** Copies every BaseLoRA's values (or gradients) into one flat vector, modules in config order. */
    private void gather(float[] out, boolean grads) {
        int off = 0;
        for (SonaLinear s : wrapped) {
            for (var prm : s.baseLora().parameters()) {
                float[] src = grads ? prm.grad() : prm.value();
                System.arraycopy(src, 0, out, off, src.length);
                off += src.length;
            }
        }
    }

    private void scatter(float[] in) {
        int off = 0;
        for (SonaLinear s : wrapped) {
            for (var prm : s.baseLora().parameters()) {
                System.arraycopy(in, off, prm.value(), 0, prm.size());
                off += prm.size();
            }
        }
    }

    // ---------------------------------------------------------------- Loop C

    /** What one Loop C did. */
    public record LoopCResult(int pruned, int merged, int dreams, int patterns) {}

    /**
     * Loop C now: consolidate the bank (decay 0.9, prune under weight 1, merge), then dream: up to
     * {@code dreamSteps} exemplars, each drawn from a pattern with probability proportional to its
     * weight, replayed through the model in mini-batches that train the BaseLoRA under EWC++.
     */
    public LoopCResult loopC(long nowNs) {
        long t0 = System.nanoTime();
        int[] pm = bank.consolidate(0.9, 1.0);
        List<Pattern> ps = bank.patterns();
        double total = 0;
        for (Pattern p : ps) {
            total += p.exemplars() > 0 ? p.weight : 0;
        }
        int dreams = 0;
        if (total > 0) {
            int b = 0;
            zeroBaseGrads();
            for (int d = 0; d < config.dreamSteps(); d++) {
                double r = dreamRandom.nextDouble() * total;
                Pattern pick = null;
                for (Pattern p : ps) {
                    if (p.exemplars() == 0) {
                        continue;
                    }
                    pick = p;
                    r -= p.weight;
                    if (r < 0) {
                        break;
                    }
                }
                int e = dreamRandom.nextInt(pick.exemplars());
                baseGradient(pick.exemplarRows[e], pick.exemplarN[e], pick.exemplarTarget[e], 1f / config.batch());
                dreams++;
                if (++b == config.batch()) {
                    baseStep();
                    b = 0;
                }
            }
            if (b > 0) {
                baseStep();
            }
        }
        dreamsReplayed += dreams;
        loopCRuns++;
        loopCNanos += System.nanoTime() - t0;
        return new LoopCResult(pm[0], pm[1], dreams, bank.size());
    }

    /** Folds every BaseLoRA into its base weight (the model's outputs do not change). */
    public void mergeBase() {
        for (SonaLinear s : wrapped) {
            s.mergeBase();
        }
    }

    // ---------------------------------------------------------------- reporting

    /** Counters and state for {@code sona status}. Nanosecond totals are wall clock, reported only. */
    public record Status(
            long decisions,
            long microApplies,
            long loopBRuns,
            long loopCRuns,
            long baseSteps,
            long dreams,
            long boundaries,
            int buffered,
            int bufferCapacity,
            long recorded,
            long dropped,
            int patterns,
            int ewcTasks,
            float lambda,
            double meanFisher,
            double baseline,
            double lastLoss,
            double lossEwma,
            double microNormB,
            double baseNormB,
            long loopANanos,
            long loopBNanos,
            long loopCNanos,
            double lastBoundaryZ,
            long recalls,
            int rememberedTasks) {}

    public Status status() {
        double mb = 0, bb = 0;
        for (SonaLinear s : wrapped) {
            mb += s.micro().normB() * s.micro().normB();
            bb += s.baseLora().normB() * s.baseLora().normB();
        }
        return new Status(
                decisions,
                microApplies,
                loopBRuns,
                loopCRuns,
                baseSteps,
                dreamsReplayed,
                boundaries,
                buffer.size(),
                buffer.capacity(),
                buffer.recorded(),
                buffer.dropped(),
                bank.size(),
                ewc.tasks(),
                ewc.lambda(),
                ewc.meanFisher(),
                reinforce.baseline(),
                lastLoss,
                lossEwma,
                Math.sqrt(mb),
                Math.sqrt(bb),
                loopANanos,
                loopBNanos,
                loopCNanos,
                boundary.lastZ(),
                memory == null ? 0 : memory.recalls(),
                memory == null ? 0 : memory.tasks());
    }

    /** The virtual times (ns) of the task boundaries detected so far (the first 32). */
    public long[] boundaryTimesNs() {
        return Arrays.copyOf(boundaryTimes, (int) Math.min(boundaries, boundaryTimes.length));
    }

    /** Changes lambda (0 or 100..15000; anything else refused, nothing changed). */
    public void lambda(float l) {
        ewc.lambda(l);
    }

    public SonaConfig config() {
        return config;
    }

    public ReasoningBank bank() {
        return bank;
    }

    public EwcPlusPlus ewc() {
        return ewc;
    }

    public TrajectoryBuffer buffer() {
        return buffer;
    }

    public List<SonaLinear> layers() {
        return List.copyOf(wrapped);
    }

    public FloatKernels kernels() {
        return k;
    }

    /** The wrapped module named {@code name}, or null. */
    public LinearLayer layer(String name) {
        for (SonaLinear s : wrapped) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
