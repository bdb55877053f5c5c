package kos.bench.insights;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;
import kos.insights.crash.LivePredictor;
import kos.insights.crash.MemorySample;
import kos.insights.crash.Predictors;

/**
 * One lap of {@link CrashPredictorBench#observe} for kos's predictor, timed in thread CPU time: the
 * benchmark's 1,024 samples, {@link #OBSERVES} observes (a reset after each 1,024, as there). Loaded
 * once per build by {@link ObservePair}.
 */
public final class ObserveLap implements LongSupplier {
    /** Observes per lap. */
    public static final int OBSERVES = 1 << 19;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final LivePredictor p = LivePredictor.of(Predictors.create("kos"));
    private final MemorySample[] samples = CrashPredictorBench.samples();
    private int i;
    private double sink;

    @Override
    public long getAsLong() {
        long t0 = THREADS.getCurrentThreadCpuTime();
        double s = 0;
        for (int k = 0; k < OBSERVES; k++) {
            p.observe(samples[i]);
            i = (i + 1) & (samples.length - 1);
            if (i == 0) {
                p.reset();
            }
            s += p.confidence();
        }
        sink += s;
        return THREADS.getCurrentThreadCpuTime() - t0;
    }

    @Override
    public String toString() {
        return "sink " + sink;
    }
}
