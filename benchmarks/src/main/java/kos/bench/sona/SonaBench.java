package kos.bench.sona;

import kos.nn.Linear;
import kos.sona.LowRankAdapter;
import kos.sona.TrajectoryBuffer;
import kos.simd.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * SONA's per-decision costs: recording one trajectory step (4 rows x 16 features and a 32-float
 * embedding, the scheduler's shape; the buffer is emptied when full so every call records), and a
 * MicroLoRA at 256 x 256, rank 1 and 2: forward ({@code y += s B(A x)}) and accumulate (the
 * gradient of one decision into A and B). Goals: step under 50 ns, forward under 40 ns.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--add-modules=jdk.incubator.vector")
public class SonaBench {
    @Param({"1", "2"})
    int rank;

    TrajectoryBuffer buffer;
    LowRankAdapter micro;
    float[] rows, emb, x, y, dy, dx;
    long t;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(5);
        buffer = new TrajectoryBuffer(1 << 16, 16, 4, 32);
        rows = new float[64];
        emb = new float[32];
        Linear.uniform(rows, 1, r);
        Linear.uniform(emb, 1, r);
        micro = LowRankAdapter.micro(Kernels.get(), "m", 256, 256, rank, r);
        x = new float[256];
        y = new float[256];
        dy = new float[256];
        dx = new float[256];
        Linear.uniform(x, 1, r);
        Linear.uniform(dy, 1, r);
        for (int i = 0; i < 4; i++) { // a trained B, so the forward is not trivially zero
            micro.backward(x, 0, dy, 0, null, 0, true);
            micro.countStep();
        }
        micro.apply(0.01f);
    }

    @Benchmark
    public boolean trajectoryStep() {
        if (buffer.size() == buffer.capacity()) {
            buffer.clear();
        }
        return buffer.record(t++, rows, 0, 4, 0.5f, 0.7f, -0.1f, emb, 0);
    }

    @Benchmark
    public float[] microForward() {
        micro.forwardAdd(x, 0, y, 0);
        return y;
    }

    @Benchmark
    public LowRankAdapter microAccumulate() {
        micro.backward(x, 0, dy, 0, null, 0, true);
        micro.countStep();
        if (micro.pending() == 1 << 20) {
            micro.zeroGrad();
        }
        return micro;
    }
}
