package kos.sona;

import java.util.List;
import java.util.function.Consumer;
import kos.sim.KosException;
import kos.sim.Quantities;
import kos.sim.SeedStream;

/**
 * SONA's settings. Defaults follow ruvector's {@code sona} crate where it has one (MicroLoRA rank 2,
 * BaseLoRA rank 8, EWC++ lambda 2000 with Fisher decay 0.999, boundary z-score 2.0, 10 tasks,
 * k-means++ with 5 clusters); the rest were chosen on the training seeds of {@code sona eval}.
 *
 * @param targets         the modules wrapped (PEFT-style names)
 * @param microRank       MicroLoRA rank, 1 or 2
 * @param microLr         MicroLoRA learning rate (Loop A)
 * @param applyEvery      K: Loop A applies the accumulated MicroLoRA gradient every K decisions
 * @param microDecay      MicroLoRA's B is multiplied by this at every Loop B (the base has absorbed it)
 * @param baseRank        BaseLoRA rank
 * @param baseAlpha       BaseLoRA alpha (scaling alpha / rank)
 * @param baseLr          BaseLoRA learning rate (Loop B and dreams)
 * @param batch           Loop B mini-batch size
 * @param loopBPeriodNs   Loop B runs every this much virtual time
 * @param lambda          EWC++ lambda: 0 (off) or 100..15000
 * @param fisherDecay     online Fisher EMA decay
 * @param maxTasks        remembered tasks
 * @param boundaryZ       task-boundary z-score
 * @param boundaryWindow  decisions in the boundary detector's recent window
 * @param clusters        k of k-means++ per Loop B
 * @param maxPatterns     ReasoningBank capacity
 * @param dreamSteps      replayed exemplars per Loop C
 * @param dreamOnBoundary run Loop C at each detected task boundary
 * @param reinforceWeight weight of the REINFORCE term against the prediction loss
 * @param temperature     REINFORCE softmax temperature (prediction units)
 * @param bufferCapacity  trajectory steps held between Loop B runs
 * @param gradClip        largest L2 norm of the mean gradient of one adapter step (each MicroLoRA apply, each
 *                        BaseLoRA step), larger ones scaled down to it; 0 is no clipping
 * @param recall          task recall: at every Loop B, the remembered tasks' adapters ({@link TaskMemory}) are tried on
 *                        the period's steps, and one whose mean prediction error is lower than the current adapters'
 *                        by at least {@code recallGain} (a fraction) is taken back: that task has returned
 * @param recallGain      the relative error reduction a remembered task's adapters must show to be recalled
 * @param errorBoundary   also declare a task boundary when a Loop-B period's prediction error jumps (session 8's
 *                        fallback for the first feature detector, which missed changes; off by default since
 *                        session 9's detector tests the outcomes too)
 * @param seed            root of SONA's named random streams
 */
public record SonaConfig(
        List<String> targets,
        int microRank,
        float microLr,
        int applyEvery,
        float microDecay,
        int baseRank,
        float baseAlpha,
        float baseLr,
        int batch,
        long loopBPeriodNs,
        float lambda,
        float fisherDecay,
        int maxTasks,
        double boundaryZ,
        int boundaryWindow,
        int clusters,
        int maxPatterns,
        int dreamSteps,
        boolean dreamOnBoundary,
        float reinforceWeight,
        float temperature,
        int bufferCapacity,
        float gradClip,
        boolean recall,
        double recallGain,
        boolean errorBoundary,
        long seed) {
    /** SONA's seed in a session or an evaluation run: the named stream {@code sona} of the root seed. */
    public static final SeedStream SEED = SeedStream.named("sona");

    public SonaConfig {
        targets = List.copyOf(targets);
        if (microRank < 1 || microRank > 2) {
            throw new KosException("MicroLoRA rank must be 1 or 2, got " + microRank);
        }
        EwcPlusPlus.checkLambda(lambda);
        if (applyEvery < 1 || batch < 1 || loopBPeriodNs <= 0 || maxTasks < 1 || clusters < 1 || bufferCapacity < 1) {
            throw new KosException(
                    "SONA: apply-every, batch, loop-B period, tasks, clusters and buffer must be positive");
        }
        if (!(microLr > 0) || !(baseLr > 0)) {
            throw new KosException("SONA: learning rates must be positive");
        }
        if (!(gradClip >= 0) || Float.isInfinite(gradClip)) {
            throw new KosException("SONA: gradient clip must be 0 (off) or a positive number, got " + gradClip);
        }
        if (!(boundaryZ > 0) || Double.isInfinite(boundaryZ)) {
            throw new KosException("SONA: task-boundary z-score must be positive, got " + boundaryZ);
        }
        if (!(recallGain > 0 && recallGain < 1)) {
            throw new KosException("SONA: recall gain must be in (0, 1), got " + recallGain);
        }
        if (!(microDecay >= 0 && microDecay <= 1)) {
            throw new KosException("SONA: MicroLoRA decay must be in 0..1, got " + microDecay);
        }
    }

    public static SonaConfig defaults(List<String> targets, long seed) {
        // learning rates and the Loop B period were chosen on sona eval's tuning seeds 1-2 (30 s phases):
        // micro 0.02 -> 0.05, base 0.01 -> 0.03, Loop B 5 s -> 2 s adapted to phase B in 10 s instead of 20 s;
        // the recall gain 0.15 on the forgetting scenario's seeds 1-4 (session 8; 0.1-0.4 tried)
        return new SonaConfig(
                targets,
                2,
                0.05f,
                8,
                0.5f,
                8,
                8f,
                0.03f,
                16,
                2 * Quantities.NS_PER_S,
                2000f,
                0.999f,
                10,
                2.0,
                64,
                5,
                256,
                64,
                true,
                0.25f,
                0.5f,
                4096,
                0f,
                true,
                0.15,
                false,
                seed);
    }

    /** This configuration with the changes {@code change} makes to a copy of its settings. */
    public SonaConfig with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    public SonaConfig withLambda(float l) {
        return with(b -> b.lambda = l);
    }

    /** This configuration with Loop B every {@code ns} nanoseconds of virtual time. */
    public SonaConfig withLoopBPeriodNs(long ns) {
        return with(b -> b.loopBPeriodNs = ns);
    }

    public SonaConfig withMicroRank(int r) {
        return with(b -> b.microRank = r);
    }

    public SonaConfig withDreams(boolean on) {
        return with(b -> b.dreamOnBoundary = on);
    }

    public SonaConfig withSeed(long s) {
        return with(b -> b.seed = s);
    }

    /** A mutable copy of a configuration's settings; {@link #build()} checks them as the constructor does. */
    public static final class Builder {
        public List<String> targets;
        public int microRank;
        public float microLr;
        public int applyEvery;
        public float microDecay;
        public int baseRank;
        public float baseAlpha;
        public float baseLr;
        public int batch;
        public long loopBPeriodNs;
        public float lambda;
        public float fisherDecay;
        public int maxTasks;
        public double boundaryZ;
        public int boundaryWindow;
        public int clusters;
        public int maxPatterns;
        public int dreamSteps;
        public boolean dreamOnBoundary;
        public float reinforceWeight;
        public float temperature;
        public int bufferCapacity;
        public float gradClip;
        public boolean recall;
        public double recallGain;
        public boolean errorBoundary;
        public long seed;

        private Builder(SonaConfig c) {
            targets = c.targets;
            microRank = c.microRank;
            microLr = c.microLr;
            applyEvery = c.applyEvery;
            microDecay = c.microDecay;
            baseRank = c.baseRank;
            baseAlpha = c.baseAlpha;
            baseLr = c.baseLr;
            batch = c.batch;
            loopBPeriodNs = c.loopBPeriodNs;
            lambda = c.lambda;
            fisherDecay = c.fisherDecay;
            maxTasks = c.maxTasks;
            boundaryZ = c.boundaryZ;
            boundaryWindow = c.boundaryWindow;
            clusters = c.clusters;
            maxPatterns = c.maxPatterns;
            dreamSteps = c.dreamSteps;
            dreamOnBoundary = c.dreamOnBoundary;
            reinforceWeight = c.reinforceWeight;
            temperature = c.temperature;
            bufferCapacity = c.bufferCapacity;
            gradClip = c.gradClip;
            recall = c.recall;
            recallGain = c.recallGain;
            errorBoundary = c.errorBoundary;
            seed = c.seed;
        }

        SonaConfig build() {
            return new SonaConfig(
                    targets,
                    microRank,
                    microLr,
                    applyEvery,
                    microDecay,
                    baseRank,
                    baseAlpha,
                    baseLr,
                    batch,
                    loopBPeriodNs,
                    lambda,
                    fisherDecay,
                    maxTasks,
                    boundaryZ,
                    boundaryWindow,
                    clusters,
                    maxPatterns,
                    dreamSteps,
                    dreamOnBoundary,
                    reinforceWeight,
                    temperature,
                    bufferCapacity,
                    gradClip,
                    recall,
                    recallGain,
                    errorBoundary,
                    seed);
        }
    }
}
