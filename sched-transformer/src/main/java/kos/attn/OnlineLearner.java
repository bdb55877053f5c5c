package kos.attn;

import kos.nn.Adam;
import kos.nn.Optimizer;
import kos.nn.Sgd;
import kos.sim.KosException;

import java.util.SplittableRandom;
import kos.sim.SeedStream;

/**
 * Supervised online learning of {@link AttentionModel}: each step draws {@code batch} resolved
 * samples from the {@link ReplayBuffer}, runs forward and backward on each (loss
 * {@code 0.5 (p - y)^2} on the sample's task, the mean over the batch, the per-sample gradient
 * clipped to [-4, 4]) and applies one optimizer step. Deterministic: the batch is drawn from a
 * {@link SplittableRandom} seeded at construction.
 */
public final class OnlineLearner {
    /** Replay-buffer sampling: the policy's {@code seed} itself, shared with {@link DefaultWeights#INIT} (kept). */
    static final SeedStream SAMPLE = SeedStream.given("attn.learn.sample");

    /** Which optimizer. */
    public enum Kind { SGD, ADAM }

    private final AttentionModel model;
    private final ReplayBuffer buffer;
    private final int batch;
    private final Kind kind;
    private final float lr;
    private final long seed;
    private SplittableRandom random;
    private Optimizer optimizer;
    private final float[] dp;
    private long steps;
    private double lastLoss = Double.NaN;

    OnlineLearner(AttentionModel model, ReplayBuffer buffer, Kind kind, float lr, int batch, long seed) {
        if (batch <= 0) {
            throw new KosException("batch must be positive");
        }
        this.model = model;
        this.buffer = buffer;
        this.kind = kind;
        this.lr = lr;
        this.batch = batch;
        this.seed = seed;
        this.random = SAMPLE.random(seed);
        this.dp = new float[buffer.maxRows()];
        rebuild();
    }

    /** Recreates the optimizer over the model's current parameters (after a LoRA wrap or a load); Adam's moments restart. */
    public void rebuild() {
        optimizer = kind == Kind.ADAM ? new Adam(model.parameters(), lr) : new Sgd(model.parameters(), lr);
        optimizer.zeroGrad();
    }

    /** Restarts the sampling stream and the step count. */
    void reset() {
        random = SAMPLE.random(seed);
        steps = 0;
        lastLoss = Double.NaN;
        rebuild();
    }

    /** One step if at least {@code batch} samples are resolved; returns whether it stepped. */
    public boolean step() {
        if (buffer.resolved() < batch) {
            return false;
        }
        double loss = 0;
        optimizer.zeroGrad();
        for (int b = 0; b < batch; b++) {
            int slot = buffer.sample(random);
            int rows = buffer.rows(slot);
            buffer.copyRows(slot, model.input(rows));
            float[] p = model.forward(rows);
            float err = p[0] - buffer.target(slot);
            loss += 0.5 * err * err;
            java.util.Arrays.fill(dp, 0, rows, 0f);
            dp[0] = Math.max(-4f, Math.min(4f, err)) / batch;
            model.backward(dp);
        }
        optimizer.step();
        optimizer.zeroGrad();
        steps++;
        lastLoss = loss / batch;
        return true;
    }

    public long steps() {
        return steps;
    }

    /** Mean loss of the last step's batch, NaN before the first. */
    public double lastLoss() {
        return lastLoss;
    }

    public Kind kind() {
        return kind;
    }

    public float learningRate() {
        return lr;
    }
}
