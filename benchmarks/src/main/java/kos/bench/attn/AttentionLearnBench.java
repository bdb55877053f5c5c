package kos.bench.attn;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import kos.attn.AttentionModel;
import kos.attn.Features;
import kos.nn.Adam;
import kos.nn.Optimizer;
import kos.nn.Sgd;
import kos.simd.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One learning step as the scheduler takes it every K decisions: a batch of 32 replayed samples
 * of 16 run-queue rows each, forward and full backward per sample, then one optimizer update
 * (SGD or Adam) of all 1,377 parameters.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class AttentionLearnBench {
    private static final int BATCH = 32, ROWS = 16;

    @Param({"sgd", "adam"})
    public String optimizer;

    private AttentionModel model;
    private Optimizer opt;
    private float[][] samples;
    private final float[] dp = new float[ROWS];

    @Setup(Level.Trial)
    public void setUp() {
        model = new AttentionModel(Kernels.get(), AttentionModel.DEFAULT_D_MODEL, new SplittableRandom(1));
        opt = optimizer.equals("adam") ? new Adam(model.parameters(), 0.003f) : new Sgd(model.parameters(), 0.01f);
        SplittableRandom r = new SplittableRandom(2);
        samples = new float[BATCH][ROWS * Features.COUNT];
        for (float[] s : samples) {
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) r.nextDouble();
            }
        }
    }

    @Benchmark
    public float step() {
        opt.zeroGrad();
        float last = 0;
        for (float[] s : samples) {
            System.arraycopy(s, 0, model.input(ROWS), 0, s.length);
            float[] p = model.forward(ROWS);
            last = p[0];
            dp[0] = (p[0] - 3f) / BATCH;
            model.backward(dp);
        }
        opt.step();
        return last;
    }
}
